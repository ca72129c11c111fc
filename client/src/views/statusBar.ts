/** Progress of long runs (with Cancel) and readable errors: never a silent failure or a blank page. */
import type { Actions } from '../app/actions';
import type { AppState } from '../state/store';
import { h, replaceContent } from './dom';

export function renderStatus(busyEl: HTMLElement, noticeEl: HTMLElement, state: AppState, actions: Actions): void {
  const b = state.busy;
  replaceContent(
    busyEl,
    b
      ? h(
          'div',
          { class: 'busy' },
          h('span', {}, b.label),
          h('progress', { id: 'progress', 'aria-label': b.label, max: 1, value: b.progress ?? null }),
          b.jobId || b.label.startsWith('Sweeping') ? h('button', { type: 'button', id: 'cancel-job', onclick: () => void actions.cancel() }, 'Cancel') : null,
        )
      : null,
  );
  const n = state.notice;
  noticeEl.className = n ? `notice notice-${n.kind}` : 'notice';
  replaceContent(
    noticeEl,
    n
      ? [h('span', {}, n.text), h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss message', onclick: () => actions.dismissNotice() }, '×')]
      : null,
  );
}
