import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';

export type UnmatchedStatus = 'pending' | 'assigned' | 'discarded';

export interface UnmatchedMailRow {
  id: string;
  message_id: string;
  from_address: string;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  body_text: string;
  sent_at: Date;
  received_at: Date;
  status: string;
  touchpoint_id: string | null;
}

export interface NewUnmatchedMail {
  id: string;
  messageId: string;
  from: string;
  to: readonly string[];
  cc: readonly string[];
  subject: string;
  body: string;
  sentAt: Date;
  receivedAt: Date;
}

const COLUMNS = ['id', 'message_id', 'from_address', 'to_addresses', 'cc_addresses', 'subject', 'body_text', 'sent_at', 'received_at', 'status', 'touchpoint_id'] as const;

/** SQL of the e-mail intake: intake tokens and the queue of mail that matched no contact. */
export function intakeRepo(db: Db) {
  return {
    async findToken(workspaceId: string): Promise<string | undefined> {
      const row = await db.selectFrom('mail_intake').select('token').where('workspace_id', '=', workspaceId).executeTakeFirst();
      return row?.token;
    },

    /** Stores `token` unless the workspace has one already; answers the workspace's token either way. */
    async ensureToken(workspaceId: string, token: string, at: Date): Promise<string> {
      await db
        .insertInto('mail_intake')
        .values({ workspace_id: workspaceId, token, created_at: at })
        .onConflict((oc) => oc.column('workspace_id').doNothing())
        .execute();
      const row = await db.selectFrom('mail_intake').select('token').where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
      return row.token;
    },

    async replaceToken(workspaceId: string, token: string, at: Date): Promise<void> {
      await db
        .insertInto('mail_intake')
        .values({ workspace_id: workspaceId, token, created_at: at })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ token, created_at: at }))
        .execute();
    },

    /** The workspaces whose intake tokens are among `tokens`. */
    async workspacesByToken(tokens: readonly string[]): Promise<Map<string, string>> {
      if (tokens.length === 0) return new Map();
      const rows = await db.selectFrom('mail_intake').select(['token', 'workspace_id']).where('token', 'in', [...new Set(tokens)]).execute();
      return new Map(rows.map((r) => [r.token, r.workspace_id]));
    },

    /** Workspace members whose e-mail is among `emails`, in no particular order. */
    async memberIdsByEmail(workspaceId: string, emails: readonly string[]): Promise<Array<{ userId: string; email: string }>> {
      const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
      if (wanted.length === 0) return [];
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email'])
        .where('m.workspace_id', '=', workspaceId)
        .where(sql<boolean>`lower(u.email) = any(${wanted}::text[])`)
        .execute();
      return rows.map((r) => ({ userId: r.id, email: r.email.toLowerCase() }));
    },

    async hasUnmatched(workspaceId: string, messageId: string): Promise<boolean> {
      const row = await db.selectFrom('unmatched_mails').select('id').where('workspace_id', '=', workspaceId).where('message_id', '=', messageId).executeTakeFirst();
      return row !== undefined;
    },

    /** Queues a mail; false when the same Message-ID is already queued (any status). */
    async insertUnmatched(workspaceId: string, mail: NewUnmatchedMail): Promise<boolean> {
      const rows = await db
        .insertInto('unmatched_mails')
        .values({
          workspace_id: workspaceId,
          id: mail.id,
          message_id: mail.messageId,
          from_address: mail.from,
          to_addresses: [...mail.to],
          cc_addresses: [...mail.cc],
          subject: mail.subject,
          body_text: mail.body,
          sent_at: mail.sentAt,
          received_at: mail.receivedAt,
        })
        .onConflict((oc) => oc.columns(['workspace_id', 'message_id']).doNothing())
        .returning('id')
        .execute();
      return rows.length > 0;
    },

    /** One queued mail; `forUpdate` locks it until the transaction ends (assign and discard race). */
    async findUnmatched(workspaceId: string, id: string, forUpdate = false): Promise<UnmatchedMailRow | undefined> {
      let query = db.selectFrom('unmatched_mails').select(COLUMNS).where('workspace_id', '=', workspaceId).where('id', '=', id);
      if (forUpdate) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    /** Newest first, keyset-paged on (received_at, id). */
    async listUnmatched(workspaceId: string, query: { status: UnmatchedStatus; limit: number; cursor?: string | undefined }): Promise<{ rows: UnmatchedMailRow[]; nextCursor: string | null }> {
      let select = db
        .selectFrom('unmatched_mails')
        .select(COLUMNS)
        .where('workspace_id', '=', workspaceId)
        .where('status', '=', query.status)
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit + 1);
      if (query.cursor) {
        const [at, id] = decodeCursor(query.cursor, 'time');
        select = select.where(sql<boolean>`(received_at, id) < (${new Date(at)}, ${id}::uuid)`);
      }
      const rows = await select.execute();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor([last.received_at.toISOString(), last.id]) : null };
    },

    async setStatus(workspaceId: string, id: string, status: UnmatchedStatus, touchpointId: string | null): Promise<void> {
      await db.updateTable('unmatched_mails').set({ status, touchpoint_id: touchpointId }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },
  };
}

export type IntakeRepo = ReturnType<typeof intakeRepo>;
