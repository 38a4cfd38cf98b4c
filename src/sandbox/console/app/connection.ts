import { byId, toast } from './dom';

/** How soon to open a new stream when the browser has given up on the old one. */
const RETRY_MS = 1000;

/**
 * The server's change stream (/api/events). Each change asks for a redraw. When the stream drops (the
 * sandbox stopped), a banner says "disconnected" until it is back; then the whole state is fetched
 * again, since changes made meanwhile were not announced.
 */
export function watchServer(refresh: () => void): void {
  let lost = false;
  const banner = byId('connection');
  const show = (disconnected: boolean) => {
    lost = disconnected;
    document.body.classList.toggle('disconnected', disconnected);
    banner.textContent = disconnected ? 'Disconnected: the sandbox is not answering. Reconnecting when it is back…' : '';
  };
  const open = () => {
    const events = new EventSource('/api/events');
    events.addEventListener('change', refresh);
    events.addEventListener('open', () => {
      if (!lost) return;
      show(false);
      toast('Reconnected to the sandbox');
      refresh();
    });
    events.addEventListener('error', () => {
      show(true);
      // The browser retries a dropped stream itself, but not one the server refused: start over then.
      if (events.readyState === EventSource.CLOSED) window.setTimeout(open, RETRY_MS);
    });
  };
  open();
}
