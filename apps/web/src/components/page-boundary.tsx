import { Component, ReactNode } from 'react';
import { translate } from '../i18n';

/**
 * A page that fails to load (its code could not be fetched offline, or after a new release) or
 * fails while drawing shows a message and a way to try again, not a blank screen.
 */
export class PageBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    const locale = document.documentElement.lang || 'en';
    return (
      <div role="alert" className="problem">
        <p>{translate(locale, 'error.page')}</p>
        <button type="button" onClick={() => location.reload()}>
          {translate(locale, 'error.reload')}
        </button>
      </div>
    );
  }
}
