/** The console's one page; the app script fills it from /api/state. */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>redshift-chatops sandbox</title>
<link rel="stylesheet" href="/console.css">
</head>
<body>
<a class="skip-link" href="#command-input">Skip to the message box</a>
<header class="topbar">
  <h1>redshift-chatops <span class="tag">sandbox</span></h1>
  <div class="topbar-group">
    <label for="as-user">Acting as</label>
    <select id="as-user"></select>
  </div>
  <div class="topbar-group clock" role="group" aria-label="Sandbox clock">
    <span id="clock-now" class="clock-now"></span>
    <label for="advance-by">Advance by</label>
    <select id="advance-by">
      <option value="300000">5 minutes</option>
      <option value="3600000">1 hour</option>
      <option value="18000000" selected>5 hours</option>
      <option value="86400000">1 day</option>
      <option value="604800000">7 days</option>
    </select>
    <button type="button" id="advance-clock" class="btn">Advance clock</button>
  </div>
</header>
<div id="connection" class="connection" role="alert"></div>
<div class="layout">
  <nav class="sidebar" aria-label="Conversations">
    <h2>Channels</h2>
    <ul id="channel-list" class="conversation-list"></ul>
    <h2>Direct messages</h2>
    <ul id="dm-list" class="conversation-list"></ul>
  </nav>
  <main class="chat" aria-labelledby="conversation-title">
    <header class="chat-header"><h2 id="conversation-title"></h2><p id="conversation-note" class="note"></p></header>
    <div id="messages" class="messages" role="log" aria-live="polite" aria-relevant="additions text" tabindex="0"></div>
    <form id="composer" class="composer" autocomplete="off">
      <label for="command-input" class="prefix">/redshift</label>
      <input id="command-input" name="command" type="text" autofocus placeholder="help, status, access request pii_users prod 1h ticket 123…" aria-describedby="composer-help">
      <button type="submit" class="btn btn-primary">Send</button>
      <p id="composer-help" class="note">Sends the slash command as the person chosen at the top, in this conversation.</p>
    </form>
  </main>
  <aside class="side" aria-labelledby="sql-title">
    <h2 id="sql-title">SQL as a database user</h2>
    <p class="note">Runs on the emulated warehouse with that user's own privileges, so granted and revoked access shows here.</p>
    <form id="sql-form" class="sql-form">
      <label for="sql-target">Target</label>
      <select id="sql-target"></select>
      <label for="sql-user">Database user</label>
      <select id="sql-user"></select>
      <label for="sql-text">SQL</label>
      <textarea id="sql-text" rows="4">SELECT count(*) AS customers FROM pii.customers</textarea>
      <button type="submit" class="btn btn-primary">Run SQL</button>
    </form>
    <div id="sql-result" class="sql-result" aria-live="polite"></div>
  </aside>
</div>
<dialog id="modal" class="dialog"></dialog>
<dialog id="confirm" class="dialog"></dialog>
<div id="toast" class="toast" role="status" aria-live="polite"></div>
<script src="/console.js"></script>
</body>
</html>
`;

export const CONSOLE_CSS = `
:root { --ink: #1d1c1d; --muted: #5e5d60; --line: #dddddd; --side: #3f0e40; --side-ink: #ffffff; --side-muted: #e3d6e4;
  --active: #1164a3; --primary: #007a5a; --danger: #c01343; --link: #0b5cad; --bg: #ffffff; --soft: #f8f8f8; --focus: #1d9bd1;
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); font-size: 15px; }
* { box-sizing: border-box; }
body { margin: 0; height: 100vh; display: flex; flex-direction: column; background: var(--bg); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip-link { position: absolute; left: -9999px; } .skip-link:focus { left: 8px; top: 8px; background: #fff; padding: 6px; z-index: 10; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.topbar { display: flex; align-items: center; gap: 24px; padding: 8px 16px; background: #350d36; color: #fff; flex-wrap: wrap; }
.topbar h1 { font-size: 17px; margin: 0 auto 0 0; }
.tag { font-size: 12px; background: #ecb22e; color: #1d1c1d; border-radius: 4px; padding: 2px 6px; margin-left: 6px; vertical-align: middle; }
.topbar-group { display: flex; align-items: center; gap: 8px; }
.topbar select { padding: 4px 6px; border-radius: 4px; border: 1px solid #fff; font-size: 14px; }
.clock-now { font-variant-numeric: tabular-nums; }
.layout { flex: 1; display: grid; grid-template-columns: 220px 1fr 360px; min-height: 0; }
.sidebar { background: var(--side); color: var(--side-ink); padding: 12px 0; overflow-y: auto; }
.sidebar h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--side-muted); margin: 12px 16px 4px; }
.conversation-list { list-style: none; margin: 0; padding: 0; }
.conversation-list button { width: 100%; text-align: left; background: none; border: 0; color: var(--side-ink); padding: 5px 16px; font-size: 15px; cursor: pointer; display: flex; justify-content: space-between; }
.conversation-list button:hover { background: #4d2a51; }
.conversation-list button[aria-current="true"] { background: var(--active); font-weight: 700; }
.conversation-list .unread { font-weight: 700; }
.badge { background: #e01e5a; color: #fff; border-radius: 9px; padding: 0 7px; font-size: 12px; }
.chat { display: flex; flex-direction: column; min-height: 0; border-right: 1px solid var(--line); }
.chat-header { padding: 10px 20px; border-bottom: 1px solid var(--line); }
.chat-header h2 { margin: 0; font-size: 18px; }
.note { color: var(--muted); font-size: 13px; margin: 2px 0 0; }
.messages { flex: 1; overflow-y: auto; padding: 8px 0; }
.message { display: grid; grid-template-columns: 40px 1fr; gap: 8px; padding: 8px 20px; }
.message:hover { background: var(--soft); }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #1264a3; color: #fff; display: grid; place-items: center; font-weight: 700; }
.avatar.person { background: #2bac76; }
.meta { display: flex; gap: 8px; align-items: baseline; }
.author { font-weight: 800; }
.time, .edited { color: var(--muted); font-size: 12px; }
.ephemeral { background: #f4f8fb; border-left: 4px solid #1264a3; }
.only-you { color: var(--muted); font-size: 12px; font-style: italic; }
.command-echo .body { font-family: ui-monospace, Menlo, Consolas, monospace; color: #3b3b3b; }
.body { line-height: 1.45; overflow-wrap: anywhere; }
.block { margin: 4px 0; }
.section { display: flex; gap: 12px; align-items: flex-start; }
.section-main { flex: 1; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 16px; margin-top: 4px; }
.header { font-size: 17px; margin: 8px 0 4px; }
.divider { border: 0; border-top: 1px solid var(--line); }
.context { color: var(--muted); font-size: 13px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; }
.btn { font: inherit; font-size: 14px; font-weight: 700; padding: 5px 12px; border-radius: 4px; border: 1px solid #bbbabb; background: #fff; color: var(--ink); cursor: pointer; text-decoration: none; display: inline-block; }
.btn:hover { background: #f2f2f2; }
.btn-primary { background: var(--primary); border-color: var(--primary); color: #fff; } .btn-primary:hover { background: #006246; }
.btn-danger { background: var(--danger); border-color: var(--danger); color: #fff; } .btn-danger:hover { background: #a10f38; }
.btn:disabled { opacity: .6; cursor: wait; }
.select, .text-input, textarea, input[type=text], input[type=number], input[type=date] { font: inherit; font-size: 14px; padding: 5px 8px; border: 1px solid #8d8d8d; border-radius: 4px; background: #fff; color: var(--ink); }
code { background: #f3eff3; color: #c01343; border: 1px solid #e4dde4; border-radius: 3px; padding: 0 3px; font-size: 13px; }
pre.code-block { background: #f8f8f8; border: 1px solid var(--line); border-radius: 4px; padding: 8px; white-space: pre-wrap; font-size: 13px; margin: 4px 0; }
pre.code-block code { background: none; border: 0; color: var(--ink); padding: 0; }
blockquote { border-left: 4px solid var(--line); margin: 4px 0; padding-left: 10px; color: #3b3b3b; }
a { color: var(--link); }
.mention { background: #fdf3d4; color: #0b4c8c; border-radius: 3px; padding: 0 2px; }
.thread { margin: 4px 0 0; border-left: 2px solid var(--line); padding-left: 10px; }
.thread-title { font-size: 12px; color: var(--link); font-weight: 700; margin: 4px 0; }
.thread .message { padding: 4px 0; grid-template-columns: 28px 1fr; }
.thread .avatar { width: 26px; height: 26px; font-size: 12px; }
.composer { display: grid; grid-template-columns: auto 1fr auto; gap: 8px; align-items: center; padding: 12px 20px; border-top: 1px solid var(--line); }
.composer .note { grid-column: 1 / -1; }
.prefix { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 700; }
.side { padding: 12px 16px; overflow-y: auto; background: var(--soft); }
.side h2 { font-size: 16px; margin: 4px 0; }
.sql-form { display: grid; gap: 4px; margin-top: 8px; }
.sql-form label { font-weight: 700; font-size: 13px; margin-top: 6px; }
.sql-form textarea { font-family: ui-monospace, Menlo, Consolas, monospace; }
.sql-form button { justify-self: start; margin-top: 8px; }
.sql-result { margin-top: 12px; font-size: 13px; overflow-x: auto; }
.sql-result table { border-collapse: collapse; background: #fff; }
.sql-result th, .sql-result td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; }
.sql-ok { color: #00603f; font-weight: 700; } .sql-error { color: var(--danger); font-weight: 700; white-space: pre-wrap; }
.dialog { border: 0; border-radius: 8px; padding: 0; width: min(560px, 94vw); box-shadow: 0 18px 48px rgba(0,0,0,.35); }
.dialog::backdrop { background: rgba(0,0,0,.45); }
.modal-header { padding: 16px 20px; border-bottom: 1px solid var(--line); } .modal-header h2 { margin: 0; font-size: 20px; }
.modal-body { padding: 12px 20px; max-height: 65vh; overflow-y: auto; }
.modal-footer { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 20px; border-top: 1px solid var(--line); }
.input { display: grid; gap: 4px; margin: 12px 0; }
.input-label { font-weight: 700; } .optional { font-weight: 400; color: var(--muted); }
.hint { color: var(--muted); font-size: 13px; display: block; }
.field-error { color: var(--danger); font-size: 13px; font-weight: 700; }
.has-error .select, .has-error .text-input { border-color: var(--danger); }
.choices { border: 0; padding: 0; margin: 0; display: grid; gap: 6px; }
.choice { display: flex; gap: 8px; align-items: flex-start; }
.unsupported { color: var(--muted); font-style: italic; }
.toast { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); background: #1d1c1d; color: #fff; padding: 8px 14px; border-radius: 6px; font-size: 14px; opacity: 0; transition: opacity .2s; pointer-events: none; }
.toast.shown { opacity: 1; }
.connection:empty { display: none; } .connection { background: #c01343; color: #fff; font-weight: 700; padding: 8px 16px; }
@media (max-width: 1000px) { .layout { grid-template-columns: 180px 1fr; } .side { grid-column: 1 / -1; } }
`;
