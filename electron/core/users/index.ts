export { MAX_SECRET_LENGTH, MIN_SECRET_LENGTH } from './secrets.ts';
export { type Caller, DEFAULT_IDLE_MS, type SessionOptions, Sessions, type SessionView } from './sessions.ts';
export {
  addUser,
  changeUser,
  checkCredentials,
  countUsers,
  findUser,
  LOCKOUT_AFTER,
  LOCKOUT_MS,
  listUsers,
  type NewUser,
  peopleByActor,
  USER_ROLES,
  type User,
  type UserChange,
  type UserRole,
  userActor,
} from './users.ts';
