// HTML pages of the sandbox identity server. They are plain forms with no scripts or external
// assets. Element ids are stable so that browser tests can drive them:
//
//   sign-in and consent page (GET /interaction/{uid}):
//     form#consent-form, radio inputs input#user-0, input#user-1, ... (name="accountId"),
//     button#approve (name="decision" value="approve"), button#deny (name="decision" value="deny"),
//     list ul#requested-scopes with one li per requested scope
//   device user-code page: form#op.deviceInputForm, input[name=user_code], button#device-continue
//   device confirmation page: button#device-confirm, button#device-abort
//   device success page: h1#device-success
//   error page: h1#error-title, pre#error-details

export interface SandboxUser {
  /** Account id: the member id of the agency staff member. */
  readonly accountId: string;
  readonly name: string;
  readonly email: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – PropertyMe sandbox</title>
<style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}
fieldset{border:1px solid #ccc;padding:.5rem 1rem}label{display:block;margin:.3rem 0}
button{font-size:1rem;padding:.4rem 1.2rem;margin:.8rem .5rem 0 0}.note{color:#666;font-size:.9rem}
</style>
</head>
<body>
${body}
</body>
</html>`;
}

export interface ConsentPageInput {
  uid: string;
  clientId: string;
  scopes: readonly string[];
  users: readonly SandboxUser[];
  selectedAccountId: string | undefined;
}

/** Sign-in and consent in one form: pick a sandbox user (no password), then approve or deny. */
export function consentPage(input: ConsentPageInput): string {
  const selected = input.selectedAccountId ?? input.users[0]?.accountId;
  const users = input.users
    .map((user, index) => {
      const checked = user.accountId === selected ? ' checked' : '';
      return `<label for="user-${index}"><input type="radio" id="user-${index}" name="accountId" value="${escapeHtml(user.accountId)}"${checked}> ${escapeHtml(user.name)} <span class="note">${escapeHtml(user.email)}</span></label>`;
    })
    .join('\n');
  const scopes = input.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
  return page(
    'Sign in',
    `<h1 id="consent-title">Sign in to the PropertyMe sandbox</h1>
<p>The application <strong id="client-id">${escapeHtml(input.clientId)}</strong> requests access to the sandbox portfolio with these scopes:</p>
<ul id="requested-scopes">${scopes}</ul>
<form id="consent-form" method="post" action="/interaction/${escapeHtml(input.uid)}">
<fieldset><legend>Sign in as</legend>
${users}
</fieldset>
<button type="submit" id="approve" name="decision" value="approve">Approve</button>
<button type="submit" id="deny" name="decision" value="deny">Deny</button>
</form>
<p class="note">Sandbox users are synthetic agency staff and have no passwords.</p>`,
  );
}

export function errorPage(details: Record<string, string>): string {
  const lines = Object.entries(details)
    .map(([key, value]) => `<strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}`)
    .join('\n');
  return page('Error', `<h1 id="error-title">Sign-in failed</h1>\n<pre id="error-details">${lines}</pre>`);
}

export function deviceInputPage(form: string, message: string): string {
  return page(
    'Device sign-in',
    `<h1>Device sign-in</h1>
<p id="device-message">${escapeHtml(message)}</p>
${form}
<button type="submit" id="device-continue" form="op.deviceInputForm">Continue</button>`,
  );
}

export function deviceConfirmPage(form: string, clientId: string, userCode: string): string {
  return page(
    'Confirm device',
    `<h1>Confirm device</h1>
<p>The application <strong>${escapeHtml(clientId)}</strong> shows this code: <code id="device-user-code">${escapeHtml(userCode)}</code></p>
${form}
<button type="submit" id="device-confirm" form="op.deviceConfirmForm">Continue</button>
<button type="submit" id="device-abort" form="op.deviceConfirmForm" name="abort" value="yes">Abort</button>`,
  );
}

export function deviceSuccessPage(): string {
  return page('Device signed in', '<h1 id="device-success">Device signed in</h1>\n<p>You can close this page and return to the device.</p>');
}

export function logoutPage(form: string): string {
  return page(
    'Sign out',
    `<h1>Sign out of the PropertyMe sandbox?</h1>
${form}
<button type="submit" id="logout-confirm" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" id="logout-cancel" form="op.logoutForm">Stay signed in</button>`,
  );
}

export function loggedOutPage(): string {
  return page('Signed out', '<h1 id="logged-out">Signed out</h1>');
}
