import { Fragment, useEffect, useId, useState } from 'react';
import { useLocation } from 'react-router';
import { shortcutGroupsFor } from '../shortcuts';
import { Dialog } from './dialog';
import { isPageShortcut } from './keyboard';

/**
 * The header's "Keyboard shortcuts" button, and the help it opens, which `?` also opens from any
 * screen (outside text fields and dialogs). The current screen's keys come first.
 */
export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  // The groups' titles have spaces, and an id may not: each heading's id is made from its place.
  const idPrefix = useId();

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      // `?` is Shift+/ on most layouts: Shift is allowed, the other modifiers are not.
      if (event.key !== '?' || !isPageShortcut(event)) return;
      event.preventDefault();
      setOpen(true);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <>
      <button type="button" className="button button--quiet header__keys" onClick={() => setOpen(true)} aria-keyshortcuts="?" title="Keyboard shortcuts (?)">
        <kbd aria-hidden="true">?</kbd>
        <span className="visually-hidden">Keyboard shortcuts</span>
      </button>
      {open && (
        <Dialog title="Keyboard shortcuts" onClose={() => setOpen(false)} className="shortcuts">
          <div className="shortcuts__body">
            {shortcutGroupsFor(pathname).map((group, i) => (
              <section key={group.title} className="shortcuts__group" aria-labelledby={`${idPrefix}-${i}`}>
                <h3 id={`${idPrefix}-${i}`}>
                  {group.title}
                  {group.current && (
                    <>
                      {' '}
                      <span className="badge shortcuts__here">This page</span>
                    </>
                  )}
                </h3>
                <dl>
                  {group.keys.map(([keys, action]) => (
                    <Fragment key={`${keys.join()}-${action}`}>
                      <dt>
                        {keys.map((k, i) => (
                          <Fragment key={k}>
                            {i > 0 && <span className="muted"> or </span>}
                            <kbd>{k}</kbd>
                          </Fragment>
                        ))}
                      </dt>
                      <dd>{action}</dd>
                    </Fragment>
                  ))}
                </dl>
              </section>
            ))}
          </div>
        </Dialog>
      )}
    </>
  );
}
