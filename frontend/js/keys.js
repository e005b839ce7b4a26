// Keyboard shortcuts, as a pure mapping from a key event's fields to an action name.
//   Ctrl/Cmd+Z       undo the last stroke
//   Escape, Delete   clear the pad
//   Enter            predict
// Keys that a focused control already uses for itself (Enter on a button, Escape in an open
// select) are left to that control.

const OWNS_ENTER = new Set(['BUTTON', 'A', 'SELECT', 'INPUT', 'TEXTAREA', 'SUMMARY', 'LABEL']);
const OWNS_EDIT_KEYS = new Set(['SELECT', 'INPUT', 'TEXTAREA']);

/**
 * @param event {key, ctrlKey, metaKey, altKey, shiftKey} plus targetTag (upper-case tag name of the focused element)
 * @returns 'undo' | 'clear' | 'predict' | null
 */
export function shortcutFor(event) {
  const tag = (event.targetTag || '').toUpperCase();
  const command = event.ctrlKey || event.metaKey;
  if (command && !event.altKey && !event.shiftKey && (event.key === 'z' || event.key === 'Z')) {
    return OWNS_EDIT_KEYS.has(tag) && tag !== 'SELECT' ? null : 'undo';
  }
  if (command || event.altKey) {
    return null;
  }
  if ((event.key === 'Escape' || event.key === 'Delete') && !OWNS_EDIT_KEYS.has(tag)) {
    return 'clear';
  }
  if (event.key === 'Enter' && !event.shiftKey && !OWNS_ENTER.has(tag)) {
    return 'predict';
  }
  return null;
}
