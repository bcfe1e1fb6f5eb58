/** Shown when the page runs outside the desktop app and the host (a file, a preview): no engine to reach. */
export function NeedsDesktopApp() {
  return (
    <main className="panel needs-app" role="alert">
      <h1>TalkingPhoto</h1>
      <p>This screen needs the desktop app or the TalkingPhoto host.</p>
      <p className="hint">It was opened on its own, so it cannot reach your files or make videos. Start the app with “npm start”, or run “npm run host” and open the address it prints.</p>
    </main>
  );
}
