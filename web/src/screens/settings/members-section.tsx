import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys, membersQuery } from '../../api/queries';
import { ROLES, type Role } from '../../api/types';
import { Field, SelectField } from '../../components/field';
import { FormError } from '../../components/form-error';
import { SaveForm } from '../../components/save-form';
import { ConfirmButton } from '../../components/confirm-button';
import { ROLE_LABELS, formatDate } from '../../format';
import { ME_KEY, useSession } from '../../session';
import { TableScroll } from '../../components/table-scroll';

const ROLE_HELP = 'Viewers read; members also write; admins also manage members; owners also manage owners.';

/** Members of the workspace; admins and owners add, re-role and remove them. */
export function MembersSection() {
  const { me, role: myRole, canAdmin } = useSession();
  const queryClient = useQueryClient();
  const members = useQuery({ ...membersQuery, staleTime: 0 });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.members });
    void queryClient.invalidateQueries({ queryKey: ME_KEY });
  };
  const setRole = useMutation({ mutationFn: ({ userId, role }: { userId: string; role: Role }) => api.members.setRole(userId, role), onSettled: refresh });
  const remove = useMutation({ mutationFn: (userId: string) => api.members.remove(userId), onSuccess: refresh });

  /** Only an owner may touch an owner or make one. */
  const canManage = (role: Role) => canAdmin && (role !== 'owner' || myRole === 'owner');
  const assignable = ROLES.filter((r) => r !== 'owner' || myRole === 'owner');

  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <p className="muted">{ROLE_HELP}</p>
      <FormError error={setRole.error ?? remove.error} />
      {members.isPending && <p role="status">Loading members…</p>}
      {members.isError && (
        <div className="alert alert--error" role="alert">
          {members.error.message}
        </div>
      )}
      {members.data && (
        <TableScroll label="Table of members" sideways>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((m) => {
                const isMe = m.userId === me.user.id;
                const manageable = canManage(m.role) && !isMe;
                return (
                  <tr key={m.userId} data-member-email={m.email}>
                    <td>
                      {m.name} {isMe && <span className="muted">(you)</span>}
                    </td>
                    <td>{m.email}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                        Role of {m.name}
                      </label>
                      <select
                        id={`role-${m.userId}`}
                        value={m.role}
                        disabled={!manageable || setRole.isPending}
                        onChange={(e) => setRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                      >
                        {(manageable ? assignable : ROLES).map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{formatDate(m.joinedAt.slice(0, 10))}</td>
                    <td className="table__actions">
                      <ConfirmButton
                        question={`Remove ${m.name}?`}
                        confirmLabel="Remove"
                        disabled={!manageable}
                        busy={remove.isPending}
                        onConfirm={() => remove.mutate(m.userId)}
                      >
                        Remove<span className="visually-hidden"> {m.name}</span>
                      </ConfirmButton>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {canAdmin ? <AddMemberForm assignable={assignable} onAdded={refresh} /> : <p className="muted">Only admins and owners can add or change members.</p>}
    </section>
  );
}

function AddMemberForm({ assignable, onAdded }: { assignable: readonly Role[]; onAdded: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [password, setPassword] = useState('');
  const [added, setAdded] = useState<{ email: string; withPassword: boolean } | null>(null);

  async function add() {
    setAdded(null);
    const member = await api.members.add({
      email: email.trim(),
      role,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(password ? { password } : {}),
    });
    setAdded({ email: member.email, withPassword: password !== '' });
    setEmail('');
    setName('');
    setPassword('');
    onAdded();
  }

  return (
    <SaveForm
      label="Add a member"
      className="subform add-member"
      fields={['email', 'name', 'role', 'password']}
      submitLabel="Add member"
      onSubmit={add}
      header={
        <>
          <h3>Add a member</h3>
          {added && (
            <div className="alert alert--success" role="status">
              {added.email} can now sign in to this workspace
              {added.withPassword ? ' with the first password you chose: tell them, and they make it their own under Settings → You.' : '.'}
            </div>
          )}
        </>
      }
    >
      {(errors) => (
        <div className="form-grid">
          <Field label="E-mail" errors={errors('email')}>
            {(p) => <input {...p} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field label="Name" hint="Optional" errors={errors('name')}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <SelectField label="Role" errors={errors('role')} value={role} options={assignable} labels={ROLE_LABELS} onChange={setRole} />
          <Field label="First password" hint="Only for someone new to Rapport; at least 8 characters" errors={errors('password')}>
            {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
        </div>
      )}
    </SaveForm>
  );
}
