/** The manager's view: what a pound of recovery costs in miles, and the team's figures. */
import { Chart, LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip, Legend, Title } from 'chart.js';
import type { Actions } from '../app/actions';
import { miles, money } from '../format/format';
import { can } from '../state/permissions';
import type { AppState } from '../state/store';
import { teamKpis } from '../state/summaries';
import { h, replaceContent } from './dom';

Chart.register(LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip, Legend, Title);

/**
 * Pounds per mile tried by the sweep: from ignoring mileage, through the default, to valuing it
 * highly. On the demo day miles only fall clearly above about £20 a mile (README, weight sweep).
 */
export const SWEEP_WEIGHTS = [0, 0.45, 5, 20, 50, 200];

let chart: Chart | null = null;

export function sweepSeries(state: Pick<AppState, 'sweep' | 'plan'>) {
  const points = [...state.sweep].sort((a, b) => a.miles - b.miles).map((p) => ({ x: p.miles, y: p.value, weight: p.weight }));
  const current = state.plan ? [{ x: state.plan.totals.miles, y: state.plan.totals.value, weight: state.plan.weight ?? NaN }] : [];
  return { points, current };
}

export function renderManagerPanel(container: HTMLElement, state: AppState, actions: Actions): void {
  chart?.destroy();
  chart = null;
  // The weight chosen here, else the configured default, else the one the shown plan was made with.
  const weight = state.weight ?? state.defaultWeight ?? state.plan?.weight ?? 0;
  const weightInput = h('input', {
    id: 'weight',
    type: 'range',
    min: 0,
    max: 10,
    step: 0.5,
    value: weight,
    'aria-valuetext': `${weight} pounds per mile`,
    onchange: (e: Event) => actions.setWeight(Number((e.target as HTMLInputElement).value)),
  });
  const canvas = h('canvas', {
    id: 'sweep-chart',
    role: 'img',
    'aria-label': 'Expected recovery against miles driven for each weight; the current plan is marked',
  });
  const k = state.plan ? teamKpis(state.plan) : null;
  replaceContent(
    container,
    h(
      'section',
      { class: 'weight', 'aria-label': 'Yield against mileage' },
      h('h2', {}, 'Yield against mileage'),
      h(
        'label',
        { for: 'weight' },
        `Weight: £${weight.toFixed(2)} of expected recovery per mile driven${state.weight === null || state.weight === state.defaultWeight ? ' (the configured default)' : ''}`,
      ),
      weightInput,
      h(
        'div',
        { class: 'toolbar' },
        // Planning the day is the team leader's; the manager compares, and sets the default the next plans use.
        can(state.user, 'planDays')
          ? h('button', { type: 'button', id: 'replan-weight', onclick: () => void actions.planDay() }, 'Plan the day with this weight')
          : null,
        can(state.user, 'setDefaultWeight')
          ? h(
              'button',
              {
                type: 'button',
                id: 'save-default-weight',
                disabled: state.weight === null || state.weight === state.defaultWeight,
                onclick: () => void actions.saveDefaultWeight(weight),
              },
              'Save as the default weight',
            )
          : null,
        can(state.user, 'compareWeights')
          ? h(
              'button',
              { type: 'button', id: 'run-sweep', onclick: () => void actions.sweep(SWEEP_WEIGHTS) },
              `Compare weights (${SWEEP_WEIGHTS.length} plans)`,
            )
          : null,
      ),
      h('div', { class: 'chart-box' }, canvas),
      state.sweep.length
        ? h(
            'table',
            { class: 'sweep-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['£/mile', 'Miles', 'Expected', '£ per mile'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              {},
              state.sweep.map((p) =>
                h(
                  'tr',
                  {},
                  h('td', {}, String(p.weight)),
                  h('td', {}, p.miles.toFixed(1)),
                  h('td', {}, money(p.value)),
                  h('td', {}, p.miles ? money(p.value / p.miles, true) : '–'),
                ),
              ),
            ),
          )
        : h('p', { class: 'hint' }, 'Press “Compare weights” to plan the day at each weight and see the trade-off.'),
    ),
    k
      ? h(
          'section',
          { class: 'kpis', 'aria-label': 'Team figures' },
          h('h2', {}, 'Team figures'),
          h(
            'dl',
            {},
            kpi('Visits', String(k.visits)),
            kpi('Miles', miles(k.miles)),
            kpi('Expected recovery', money(k.value)),
            kpi('Recovery per mile', money(k.valuePerMile, true)),
            kpi('Officers out', String(k.officersOut)),
            kpi('Rule problems', String(k.violations)),
            kpi(
              'Not planned',
              `${k.unplanned}${
                Object.keys(k.unplannedByReason).length
                  ? ` (${Object.entries(k.unplannedByReason)
                      .map(([r, n]) => `${r} ${n}`)
                      .join(', ')})`
                  : ''
              }`,
            ),
          ),
        )
      : null,
  );
  const { points, current } = sweepSeries(state);
  chart = new Chart(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        { type: 'line', label: 'Weight sweep', data: points, borderColor: '#0072B2', backgroundColor: '#0072B2', pointRadius: 4 },
        { type: 'scatter', label: 'Current plan', data: current, borderColor: '#D55E00', backgroundColor: '#D55E00', pointRadius: 8, pointStyle: 'rectRot' },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'Miles driven (team)' } },
        y: { type: 'linear', title: { display: true, text: 'Expected recovery (£)' } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (c) => {
              const p = c.raw as { x: number; y: number; weight: number };
              return `£${p.weight}/mile: ${p.x.toFixed(1)} mi, ${money(p.y)}`;
            },
          },
        },
      },
    },
  });
}

function kpi(label: string, value: string): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, value)];
}
