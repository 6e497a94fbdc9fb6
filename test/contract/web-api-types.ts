/**
 * The web's API types (web/src/api/types.ts) are written by hand, so that the browser bundle
 * carries no server code. This file holds them to the server's zod schemas at compile time
 * (`npm run typecheck`, which CI runs): a response field the server renames, drops or makes
 * nullable, an input field it no longer takes or newly requires, or a value it adds to a list,
 * stops the build here, naming the type.
 *
 * - A response type must read what the server sends (the server's output is assignable to it),
 *   and name no field the server does not send (at the top level). It may be wider: a string for
 *   an enum, a record for an object the web treats generically; a field the server adds is not
 *   caught until the web names it.
 * - An input type must be accepted by the server's schema (its input side, before defaults), and
 *   name no field the schema does not know (the schemas are strict: an unknown field is a 400).
 *   Query strings are left out (the endpoints turn arrays and numbers into text on the way), and
 *   so is the health model the settings screen saves: the web types it loosely, as the record it
 *   was sent and edits.
 * - A list of values (statuses, kinds) must hold the same values on both sides.
 */
import type { z } from 'zod';
import type * as web from '../../web/src/api/types.js';
import type * as accounts from '../../src/accounts/schemas.js';
import type * as touchpoints from '../../src/touchpoints/schemas.js';
import type * as attention from '../../src/touchpoints/attention-schemas.js';
import type * as delivery from '../../src/delivery/schemas.js';
import type * as health from '../../src/health/schemas.js';
import type * as model from '../../src/health/model.js';
import type * as imports from '../../src/imports/schemas.js';
import type * as layouts from '../../src/imports/layouts.js';
import type * as dates from '../../src/imports/dates.js';
import type * as intake from '../../src/intake/schemas.js';
import type * as postmortems from '../../src/postmortems/schemas.js';
import type * as workspaces from '../../src/workspaces/schemas.js';
import type * as auth from '../../src/platform/auth/routes.js';
import type * as roles from '../../src/platform/auth/roles.js';

type Out<S extends z.ZodType> = z.output<S>;
type In<S extends z.ZodType> = z.input<S>;

/** A side that is `any` or `never` would pass every check below without checking anything. */
type Real<T, Then> = 0 extends 1 & T ? { isAny: T } : [T] extends [never] ? { isNever: T } : Then;
/** The fields W names that S does not have. */
type Unknown<W, S> = Exclude<keyof W, keyof S>;

/** `true` when the web type W reads the server's output S; otherwise a type naming what fails. */
type Reads<W, S> = Real<W, Real<S, [S] extends [W] ? ([Unknown<W, S>] extends [never] ? true : { webNamesFieldsTheServerDoesNotSend: Unknown<W, S> }) : { webCannotRead: S }>>;
/** `true` when the server's input type S accepts the web's input W. */
type Accepted<W, S> = Real<W, Real<S, [W] extends [S] ? ([Unknown<W, S>] extends [never] ? true : { serverDoesNotKnow: Unknown<W, S> }) : { serverRefuses: W }>>;
/** `true` when the two sides hold the same values. */
type Same<W, S> = Real<W, Real<S, [W] extends [S] ? ([S] extends [W] ? true : { webLacks: Exclude<S, W> }) : { serverLacks: Exclude<W, S> }>>;
type Check<T extends true> = T;

export type Responses = [
  Check<Reads<web.Workspace, Out<typeof workspaces.WorkspaceSchema>>>,
  Check<Reads<web.Me, Out<typeof auth.MeSchema>>>,
  Check<Reads<web.SetupState, Out<typeof auth.SetupStateSchema>>>,
  Check<Reads<web.SetupResult, Out<typeof auth.SetupResultSchema>>>,
  Check<Reads<web.Member, Out<typeof workspaces.MemberSchema>>>,
  Check<Reads<web.Token, Out<typeof workspaces.TokenSchema>>>,
  Check<Reads<web.CreatedToken, Out<typeof workspaces.CreatedTokenSchema>>>,
  Check<Reads<web.Account, Out<typeof accounts.AccountSchema>>>,
  Check<Reads<web.AccountPage, Out<typeof accounts.AccountPageSchema>>>,
  Check<Reads<web.AccountFacets, Out<typeof accounts.AccountFacetsSchema>>>,
  Check<Reads<web.Contact, Out<typeof accounts.ContactSchema>>>,
  Check<Reads<web.ContactPage, Out<typeof accounts.ContactPageSchema>>>,
  Check<Reads<web.Touchpoint, Out<typeof touchpoints.TouchpointSchema>>>,
  Check<Reads<web.TimelineEntry, Out<typeof touchpoints.TimelineEntrySchema>>>,
  Check<Reads<web.TimelinePage, Out<typeof touchpoints.TimelinePageSchema>>>,
  Check<Reads<web.AccountCadence, Out<typeof attention.AccountCadenceSchema>>>,
  Check<Reads<web.AttentionRow, Out<typeof attention.AttentionRowSchema>>>,
  Check<Reads<web.AttentionBoard, Out<typeof attention.AttentionBoardSchema>>>,
  Check<Reads<web.AccountCadenceView, Out<typeof attention.AccountCadenceViewSchema>>>,
  Check<Reads<web.ImportRowError, Out<typeof imports.ImportErrorSchema>>>,
  Check<Reads<web.ImportJob, Out<typeof imports.ImportSchema>>>,
  Check<Reads<web.ImportPage, Out<typeof imports.ImportPageSchema>>>,
  Check<Reads<web.ImportPreviewRow, Out<typeof imports.PreviewRowSchema>>>,
  Check<Reads<web.ImportPreview, Out<typeof imports.ImportPreviewSchema>>>,
  Check<Reads<web.IntakeAddress, Out<typeof intake.IntakeAddressSchema>>>,
  Check<Reads<web.UnmatchedMail, Out<typeof intake.UnmatchedMailSchema>>>,
  Check<Reads<web.UnmatchedPage, Out<typeof intake.UnmatchedMailPageSchema>>>,
  Check<Reads<web.Project, Out<typeof delivery.ProjectSchema>>>,
  Check<Reads<web.Deliverable, Out<typeof delivery.DeliverableSchema>>>,
  Check<Reads<web.Target, Out<typeof delivery.TargetSchema>>>,
  Check<Reads<web.Incident, Out<typeof delivery.IncidentSchema>>>,
  Check<Reads<web.Page<web.Project>, Out<typeof delivery.ProjectPageSchema>>>,
  Check<Reads<web.Page<web.Deliverable>, Out<typeof delivery.DeliverablePageSchema>>>,
  Check<Reads<web.Page<web.Target>, Out<typeof delivery.TargetPageSchema>>>,
  Check<Reads<web.Page<web.Incident>, Out<typeof delivery.IncidentPageSchema>>>,
  Check<Reads<web.Fact, Out<typeof health.FactViewSchema>>>,
  Check<Reads<web.HealthComponent, Out<typeof health.ComponentViewSchema>>>,
  Check<Reads<web.AccountHealth, Out<typeof health.AccountHealthSchema>>>,
  Check<Reads<web.HealthSnapshot, Out<typeof health.SnapshotSchema>>>,
  Check<Reads<web.HealthHistory, Out<typeof health.HealthHistorySchema>>>,
  Check<Reads<web.HealthChange, Out<typeof health.HealthChangeSchema>>>,
  Check<Reads<web.PortfolioHealth, Out<typeof health.PortfolioHealthSchema>>>,
  Check<Reads<web.HealthModel, Out<typeof model.HealthModelSchema>>>,
  Check<Reads<web.VersionedModel, Out<typeof health.VersionedModelSchema>>>,
  Check<Reads<web.ModelVersions, Out<typeof health.ModelVersionsSchema>>>,
  Check<Reads<web.Alert, Out<typeof health.AlertSchema>>>,
  Check<Reads<web.AlertPage, Out<typeof health.AlertPageSchema>>>,
  Check<Reads<web.Loss, Out<typeof postmortems.LossSchema>>>,
  Check<Reads<web.Postmortem, Out<typeof postmortems.PostmortemSchema>>>,
  Check<Reads<web.LossReport, Out<typeof postmortems.LossReportSchema>>>,
  Check<Reads<web.Backtest, Out<typeof postmortems.BacktestSchema>>>,
];

export type Inputs = [
  Check<Accepted<web.AccountInput, In<typeof accounts.CreateAccountSchema>>>,
  Check<Accepted<web.AccountPatch, In<typeof accounts.UpdateAccountSchema>>>,
  Check<Accepted<web.ContactInput, In<typeof accounts.CreateContactSchema>>>,
  Check<Accepted<Partial<web.ContactInput>, In<typeof accounts.UpdateContactSchema>>>,
  Check<Accepted<web.AddMemberInput, In<typeof workspaces.AddMemberSchema>>>,
  Check<Accepted<web.FirstOwnerInput, In<typeof workspaces.FirstOwnerSchema>>>,
  Check<Accepted<web.TouchpointInput & { source: 'manual' }, In<typeof touchpoints.CreateTouchpointSchema>>>,
  Check<Accepted<web.TouchpointPatch, In<typeof touchpoints.UpdateTouchpointSchema>>>,
  Check<Accepted<web.AssignMailInput, In<typeof intake.AssignUnmatchedMailSchema>>>,
  Check<Accepted<web.ProjectInput, In<typeof delivery.CreateProjectSchema>>>,
  Check<Accepted<Partial<web.ProjectInput>, In<typeof delivery.UpdateProjectSchema>>>,
  Check<Accepted<web.DeliverableInput, In<typeof delivery.CreateDeliverableSchema>>>,
  Check<Accepted<Partial<web.DeliverableInput>, In<typeof delivery.UpdateDeliverableSchema>>>,
  Check<Accepted<web.TargetInput, In<typeof delivery.CreateTargetSchema>>>,
  Check<Accepted<Partial<web.TargetInput>, In<typeof delivery.UpdateTargetSchema>>>,
  Check<Accepted<web.IncidentInput, In<typeof delivery.CreateIncidentSchema>>>,
  Check<Accepted<Partial<web.IncidentInput>, In<typeof delivery.UpdateIncidentSchema>>>,
  Check<Accepted<web.MarkLostInput, In<typeof postmortems.MarkLostSchema>>>,
  Check<Accepted<Omit<Extract<web.AlertAction, { action: 'snooze' }>, 'action'>, In<typeof health.SnoozeAlertSchema>>>,
  Check<Accepted<Omit<Extract<web.AlertAction, { action: 'acknowledge' }>, 'action'>, In<typeof health.AlertNoteSchema>>>,
  Check<Accepted<Omit<Extract<web.AlertAction, { action: 'resolve' }>, 'action'>, In<typeof health.AlertNoteSchema>>>,
];

export type Values = [
  Check<Same<web.Role, Out<typeof roles.RoleSchema>>>,
  Check<Same<web.AccountStatus, Out<typeof accounts.AccountStatusSchema>>>,
  Check<Same<web.OwnerRole, Out<typeof accounts.OwnerRoleSchema>>>,
  Check<Same<web.ContactRole, Out<typeof accounts.ContactRoleSchema>>>,
  Check<Same<web.ContactStatus, Out<typeof accounts.ContactStatusSchema>>>,
  Check<Same<web.SocialNetwork, Out<typeof accounts.SocialHandleSchema>['network']>>,
  Check<Same<web.AccountSort, accounts.AccountSort>>,
  Check<Same<web.Channel, Out<typeof touchpoints.ChannelSchema>>>,
  Check<Same<web.Direction, Out<typeof touchpoints.DirectionSchema>>>,
  Check<Same<web.TouchpointSource, Out<typeof touchpoints.SourceSchema>>>,
  Check<Same<web.ProjectStatus, Out<typeof delivery.ProjectStatusSchema>>>,
  Check<Same<web.DeliverableStatus, Out<typeof delivery.DeliverableStatusSchema>>>,
  Check<Same<web.DeliverableState, Out<typeof delivery.DeliverableStateSchema>>>,
  Check<Same<web.IncidentKind, Out<typeof delivery.IncidentKindSchema>>>,
  Check<Same<web.ImportKind, (typeof layouts.IMPORT_KINDS)[number]>>,
  Check<Same<web.ImportStatus, (typeof imports.IMPORT_STATUSES)[number]>>,
  Check<Same<web.DateOrder, (typeof dates.DATE_ORDERS)[number]>>,
  Check<Same<web.TimelineKind, (typeof touchpoints.TIMELINE_KINDS)[number]>>,
  Check<Same<web.ComponentKey, (typeof model.COMPONENT_KEYS)[number]>>,
  Check<Same<web.Band, Out<typeof health.BandSchema>>>,
  Check<Same<web.AlertKind, Out<typeof health.AlertKindSchema>>>,
  Check<Same<web.AlertState, Out<typeof health.AlertStateSchema>>>,
  Check<Same<web.FactKind, (typeof health.FACT_KINDS)[number]>>,
  Check<Same<web.Severity, Out<typeof health.AlertSchema>['severity']>>,
  Check<Same<web.PostmortemEventKind, Out<typeof postmortems.PostmortemSchema>['timeline'][number]['kind']>>,
  Check<Same<web.LossReason, Out<typeof postmortems.LossReasonSchema>>>,
];
