import { parseArgs } from 'node:util';
import { verifyAuditFile } from '../security/audit_verify.js';
import { UsageError } from './args.js';

/** `tensorcast audit verify FILE`: checks the hash chain, order, truncation and the final seal. */
export async function auditCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, 'allow-unsealed': { type: 'boolean', default: false } },
  });
  const [sub, file, ...extra] = positionals;
  if (sub !== 'verify' || !file || extra.length > 0) throw new UsageError('usage: tensorcast audit verify FILE [--allow-unsealed] [--json]');
  let result;
  try {
    result = verifyAuditFile(file, { allowUnsealed: values['allow-unsealed'] });
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (values.json) {
    console.log(JSON.stringify(result));
  } else {
    for (const p of result.problems) console.log(`line ${p.line}: ${p.message}`);
    console.log(
      `${result.ok ? 'OK' : 'FAILED'}: ${result.records} records, ${result.sealed ? 'sealed' : `not sealed (${result.unsealedRecords} records after the last checkpoint)`}, head ${result.headHash}`,
    );
  }
  return result.ok ? 0 : 1;
}
