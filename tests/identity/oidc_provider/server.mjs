// A real OpenID Connect provider (oidc-provider) for the single sign-on tests.
//
// Configured by environment variables from the pytest fixture (tests/identity/oidc.py):
//   PORT     port on 127.0.0.1; the issuer is http://127.0.0.1:PORT
//   CLIENTS  JSON list of clients ({client_id, client_secret, redirect_uris})
//   JWKS     JSON key set to sign ID tokens with (shared by several instances)
//   USERS    JSON map of subject -> claims (email, email_verified, name)
// Its sign-in page is a plain form: the subject, and whether a second factor was "used" (it
// then reports amr ["pwd", "mfa"] and acr "mfa"), so tests can sign in as anyone.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const users = JSON.parse(process.env.USERS || '{}');

const provider = new Provider(issuer, {
  clients: JSON.parse(process.env.CLIENTS),
  jwks: JSON.parse(process.env.JWKS),
  cookies: { keys: ['strongroom test provider cookie key'] },
  // amr and acr ride along with the openid scope, so every ID token states how the person
  // signed in (as Entra ID does).
  claims: {
    openid: ['sub', 'amr', 'acr', 'auth_time'], email: ['email', 'email_verified'],
    profile: ['name'],
  },
  conformIdTokenClaims: false, // put email in the ID token itself, as Entra ID and Google do
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    return { accountId: sub, async claims() { return { sub, ...(users[sub] || {}) }; } };
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      accountId: ctx.oidc.session.accountId, clientId: ctx.oidc.client.clientId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

function readForm(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
  });
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><title>Test provider sign-in</title>
<form method="post" action="/interaction/${details.uid}">
<label>Subject <input name="subject" id="subject"></label>
<label><input type="checkbox" name="mfa" value="1" id="mfa"> Used a second factor</label>
<button type="submit" id="sign-in">Sign in</button></form>`);
    return;
  }
  const form = await readForm(req);
  const mfa = form.get('mfa') === '1';
  const login = { accountId: form.get('subject'), amr: mfa ? ['pwd', 'mfa'] : ['pwd'] };
  if (mfa) login.acr = 'mfa';
  await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
    return;
  }
  callback(req, res);
}).listen(port, '127.0.0.1', () => { console.log(`ready ${issuer}`); });
