import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { consentPage, errorPage, type SandboxUser } from './pages.js';

export interface InteractionOptions {
  provider: Provider;
  users: () => readonly SandboxUser[];
  /** When true, every sign-in is approved at once, as the `login_hint` user or else the first user. */
  autoApprove: () => boolean;
}

const MAX_FORM_BYTES = 16 * 1024;

/**
 * Serves `/interaction/{uid}`: the sign-in and consent page oidc-provider sends the browser to,
 * and the form post that finishes the interaction with a grant or with `access_denied`.
 */
export async function handleInteraction(options: InteractionOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { provider } = options;
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(req, res);
  } catch (error) {
    sendHtml(res, 400, errorPage({ error: 'invalid_request', error_description: `Sign-in session not found or expired: ${(error as Error).message}` }));
    return;
  }

  const users = options.users();
  const hinted = findHintedUser(users, interaction.params['login_hint']);

  if (req.method === 'GET' && options.autoApprove()) {
    const user = hinted ?? users[0];
    if (user === undefined) throw new Error('The sandbox has no users to sign in');
    await approve(provider, req, res, interaction, user.accountId);
    return;
  }

  if (req.method === 'GET') {
    sendHtml(res, 200, consentPage({
      uid: interaction.uid,
      clientId: String(interaction.params['client_id'] ?? ''),
      scopes: String(interaction.params['scope'] ?? '').split(' ').filter((scope) => scope !== ''),
      users,
      selectedAccountId: hinted?.accountId ?? interaction.session?.accountId,
    }));
    return;
  }

  if (req.method !== 'POST') {
    sendHtml(res, 405, errorPage({ error: 'invalid_request', error_description: `Method ${req.method} is not allowed here` }));
    return;
  }

  const form = new URLSearchParams(await readBody(req));
  if (form.get('decision') === 'deny') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user denied the request.' }, { mergeWithLastSubmission: false });
    return;
  }
  const accountId = form.get('accountId');
  if (form.get('decision') !== 'approve' || accountId === null || !users.some((user) => user.accountId === accountId)) {
    sendHtml(res, 400, errorPage({ error: 'invalid_request', error_description: 'Choose a sandbox user, then Approve or Deny.' }));
    return;
  }
  await approve(provider, req, res, interaction, accountId);
}

/** Finishes sign-in and consent in one step, granting every scope the client requested. */
async function approve(provider: Provider, req: IncomingMessage, res: ServerResponse, interaction: Interaction, accountId: string): Promise<void> {
  const clientId = String(interaction.params['client_id']);
  const existing = interaction.grantId === undefined ? undefined : await provider.Grant.find(interaction.grantId);
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const scope = String(interaction.params['scope'] ?? 'openid');
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

function findHintedUser(users: readonly SandboxUser[], hint: unknown): SandboxUser | undefined {
  if (typeof hint !== 'string' || hint === '') return undefined;
  const wanted = hint.toLowerCase();
  return users.find((user) => user.accountId === wanted || user.email.toLowerCase() === wanted);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error(`Form body exceeds ${MAX_FORM_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
