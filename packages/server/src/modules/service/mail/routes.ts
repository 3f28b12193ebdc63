import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseAttachmentParam, CaseReplyCreate, CursorQuery, IdParam, Mailbox, MailboxCreate, MailboxUpdate, MailMessage, page } from '@vefa/contract';
import { requireActor } from '../../../platform/auth/accessHooks.ts';
import { registerCustomerReference } from '../../customers/merge.ts';
import { registerCaseReference } from '../cases/links.ts';
import type { CaseIntake } from '../caseIntake.ts';
import { createMailbox, findMailboxRow, listMailboxes, updateMailbox } from './mailboxes.ts';
import { presentMailbox } from './presenter.ts';
import { sendCaseReply } from './replies.ts';
import { findCaseAttachment, listCaseMessages } from './thread.ts';
import { transportFor } from './transport.ts';
import type { MailChannel } from './channel.ts';

// A merge moves the duplicate's mail to the survivor.
registerCustomerReference('mail_messages', 'customer_id');
registerCaseReference('mail_messages', 'case_id');

const tags = ['service mail'];
const read = { permission: 'service:read' } as const;
const work = { permission: 'service:work' } as const;
const manage = { permission: 'service:manage' } as const;

/** The mail channel's routes; the case desk's route file mounts them with its intake. */
export function mailRoutes(intake: CaseIntake): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const db = app.database.db;
    const channel: MailChannel = { database: app.database, intake, transport: transportFor(app.vefaConfig.mail.smtpUrl), config: app.vefaConfig.mail };

    app.get('/service/mailboxes', { config: manage, schema: { tags, summary: 'Mailboxes of the service desk', response: { 200: z.object({ items: z.array(Mailbox) }) } } },
      async (request) => ({ items: await listMailboxes(db, requireActor(request).workspaceId) }));
    app.post('/service/mailboxes', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Add a mailbox (SMTP listener and/or IMAP polling)', body: MailboxCreate, response: { 201: Mailbox } } },
      async (request, reply) => reply.status(201).send(await createMailbox(db, requireActor(request), request.body)));
    app.get('/service/mailboxes/:id', { config: manage, schema: { tags, summary: 'One mailbox (the IMAP password is never shown)', params: IdParam, response: { 200: Mailbox } } },
      async (request) => presentMailbox(await findMailboxRow(db, requireActor(request).workspaceId, request.params.id)));
    app.patch('/service/mailboxes/:id', { config: manage, schema: { tags, summary: 'Change a mailbox', params: IdParam, body: MailboxUpdate, response: { 200: Mailbox } } },
      (request) => updateMailbox(db, requireActor(request), request.params.id, request.body));
    app.delete('/service/mailboxes/:id', { config: manage, schema: { tags, summary: 'Switch a mailbox off (its mail stays with the cases)', params: IdParam, response: { 200: Mailbox } } },
      (request) => updateMailbox(db, requireActor(request), request.params.id, { active: false }));

    app.get('/service/cases/:id/messages', { config: read, schema: { tags, summary: 'The case’s mail, oldest first, HTML sanitised', params: IdParam, querystring: CursorQuery, response: { 200: page(MailMessage) } } },
      (request) => listCaseMessages(db, intake, requireActor(request), request.params.id, request.query));
    app.post('/service/cases/:id/replies', { config: { ...work, idempotent: true }, schema: { tags, summary: 'Reply to the customer by mail (threaded; counts as first response)', params: IdParam, body: CaseReplyCreate, response: { 201: MailMessage } } },
      async (request, reply) => reply.status(201).send(await sendCaseReply(channel, requireActor(request), request.params.id, request.body)));
    app.get('/service/cases/:id/attachments/:attachmentId', { config: read, schema: { tags, summary: 'Download an attachment of the case’s mail', params: CaseAttachmentParam } },
      async (request, reply) => {
        const file = await findCaseAttachment(db, intake, requireActor(request), request.params.id, request.params.attachmentId);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(Buffer.from(file.content));
      });
  };
}
