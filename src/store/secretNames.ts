import { PondError } from '../errors';

/** `${env:NAME}` names: letters, digits and `_`, not starting with a digit (as environment variables). */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws `InvalidName` unless `name` can be written as `${env:NAME}`. */
export function checkSecretName(name: string): void {
  if (!SECRET_NAME.test(name)) throw new PondError('InvalidName', `secret name '${name}' (use letters, digits and _)`);
}
