// The web host guards its socket with a session token handed over in the URL fragment
// (`#token=<hex>`): fragments never reach the server's logs or the Referer header.
const STORAGE_KEY = 'vigil.token';
const FRAGMENT = /^#token=([0-9a-f]+)$/i;

/**
 * Takes the token from the address bar (then removes it, so it is not bookmarked or shared by
 * accident) or, after a reload, from this tab's session storage.
 */
export function takeSessionToken(): string | null {
  const match = FRAGMENT.exec(location.hash);
  if (match) {
    const token = match[1]!.toLowerCase();
    try {
      sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // Storage can be disabled; the token still works until the tab reloads.
    }
    history.replaceState(history.state, '', location.pathname + location.search);
    return token;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
