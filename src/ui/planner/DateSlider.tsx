import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatDayFr } from '../../core/timeline/as-of-date.ts';
import { dateSteps, stepIndexOf } from '../../state/date-steps.ts';
import { useAppStore } from '../use-app-store.ts';

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * The network as of a date: a slider from the first labelling to the list's date (one step per
 * month end), a play button and the way back to the list's date. The table, the totals and the
 * map's France Services follow (the worker's timeline answers each day once). Keyboard: arrows
 * move a month, Page up / Page down a larger step, Home / End the ends. The play button advances
 * a month at a time, only once the day shown is computed, never animates the map, and goes
 * slower when the system asks for reduced motion; Pause stops it.
 */
export function DateSlider() {
  const timeline = useAppStore((s) => s.coverageTimeline);
  const timelineError = useAppStore((s) => s.coverageTimelineError);
  const date = useAppStore((s) => s.coverageDate);
  const dateStatus = useAppStore((s) => s.coverageDateStatus);
  const dateError = useAppStore((s) => s.coverageDateError);
  const setDate = useAppStore((s) => s.setCoverageDate);
  const [playing, setPlaying] = useState(false);
  const id = useId();
  const steps = useMemo(() => (timeline?.firstDay ? dateSteps(timeline.firstDay, timeline.listDate) : null), [timeline]);
  const index = steps ? stepIndexOf(steps, date) : 0;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // play: the next month once the day shown is computed; stops at the list's date
  useEffect(() => {
    if (!playing || !steps) return;
    if (index >= steps.length - 1) return void setPlaying(false);
    if (dateStatus === 'loading') return;
    timer.current = setTimeout(() => setDate(steps[index + 1]), prefersReducedMotion() ? 2000 : 700);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [playing, steps, index, dateStatus, setDate]);

  if (timelineError) return <p className="planner__note">Le réseau dans le temps n’est pas disponible : {timelineError}</p>;
  if (!timeline || !steps) return null;
  const shown = date ?? timeline.listDate;
  const play = () => {
    if (playing) return setPlaying(false);
    if (index >= steps.length - 1) setDate(steps[0]);
    setPlaying(true);
  };
  return (
    <div className="date-slider" role="group" aria-labelledby={`${id}-label`}>
      <div className="date-slider__row">
        <label id={`${id}-label`} htmlFor={`${id}-range`}>
          Réseau au <strong>{formatDayFr(shown)}</strong>
          {date === null ? <span className="visually-hidden"> (date de la liste)</span> : ''}
        </label>
        <input
          id={`${id}-range`}
          type="range"
          min={0}
          max={steps.length - 1}
          step={1}
          value={index}
          aria-valuetext={`${formatDayFr(steps[index])}${index === steps.length - 1 ? ', date de la liste' : ''}`}
          aria-describedby={`${id}-note`}
          onChange={(e) => {
            setPlaying(false);
            setDate(steps[Number(e.target.value)]);
          }}
        />
        <button type="button" onClick={play} aria-pressed={playing}>
          {playing ? 'Pause' : 'Lecture'}
          <span className="visually-hidden"> de l’évolution du réseau, mois par mois</span>
        </button>
        {date !== null && (
          <button
            type="button"
            onClick={() => {
              setPlaying(false);
              setDate(null);
            }}
          >
            Revenir au {formatDayFr(timeline.listDate)}
          </button>
        )}
      </div>
      <details className="date-slider__about">
        <summary>
          Dates du {formatDayFr(steps[0])} au {formatDayFr(timeline.listDate)}
        </summary>
        <p id={`${id}-note`} className="hint">
          Sites labellisés à cette date ou avant. Les France Services fermées avant le {formatDayFr(timeline.listDate)} ne figurent pas dans
          la liste : elles ne peuvent pas être montrées, et les chiffres passés sont des minima.
          {timeline.undated > 0 && ` ${timeline.undated} site(s) sans date de labellisation comptent à partir de la date de la liste.`}
        </p>
      </details>
      {dateError && (
        <p role="alert" className="rule__error">
          {dateError}
        </p>
      )}
    </div>
  );
}
