/**
 * The date slider's steps: the first labelling day, then the last day of each month up to the
 * list's date, which closes the range (`YYYY-MM-DD`, ascending, distinct). Pure.
 */
export function dateSteps(firstDay: string, listDate: string): string[] {
  if (firstDay >= listDate) return [listDate];
  const steps = [firstDay];
  let year = Number(firstDay.slice(0, 4));
  let month = Number(firstDay.slice(5, 7));
  for (;;) {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
    if (day >= listDate) break;
    if (day > steps[steps.length - 1]) steps.push(day);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  steps.push(listDate);
  return steps;
}

/** Index of the step shown for a day: the last step on or before it (0 before the first); null: the list's date, the last step. */
export function stepIndexOf(steps: readonly string[], day: string | null): number {
  if (day === null) return steps.length - 1;
  let i = 0;
  while (i + 1 < steps.length && steps[i + 1] <= day) i++;
  return i;
}
