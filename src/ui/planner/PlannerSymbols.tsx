import { FRANCE_SERVICES } from '../../layers/france-services.ts';
import { PLANNER_SYMBOLS as S } from '../../layers/planner-symbols.ts';

const FS = FRANCE_SERVICES.legend.colour;

/** The planner's map symbols next to the real France Services, with their meaning (shape and colour both tell them apart). */
export function PlannerSymbols() {
  return (
    <ul className="planner-symbols" aria-label="Légende des France Services du scénario">
      <li>
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false">
          <circle cx="11" cy="11" r="6.5" fill={FS} stroke="#fff" strokeWidth="1.5" />
        </svg>
        France Services (liste officielle), site fixe
      </li>
      <li>
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false">
          <circle cx="11" cy="11" r="6" fill="#fff" stroke={FS} strokeWidth="3" />
        </svg>
        France Services itinérante (bus), à sa base
      </li>
      <li>
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false">
          <circle cx="11" cy="11" r="8" fill={S.hypothetical.fill} stroke={S.hypothetical.ring} strokeWidth="3" />
          <circle cx="11" cy="11" r="3.5" fill={S.hypothetical.dot} />
        </svg>
        {S.hypothetical.label}
      </li>
      <li>
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false">
          <circle cx="11" cy="11" r="7" fill="none" stroke={S.removed.ring} strokeWidth="2" />
          <path d="M7 7l8 8M15 7l-8 8" stroke={S.removed.cross} strokeWidth="2.2" />
        </svg>
        {S.removed.label}
      </li>
      <li>
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false">
          <circle cx="11" cy="11" r="9" fill={S.suggestion.fill} stroke={S.suggestion.ring} strokeWidth="1.5" />
          <text x="11" y="15" textAnchor="middle" fontSize="11" fontWeight="700" fill={S.suggestion.text}>
            1
          </text>
        </svg>
        {S.suggestion.label}
      </li>
    </ul>
  );
}
