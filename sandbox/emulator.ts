/**
 * An AWS API emulator (moto) to deploy the synthesized stacks to: start it, call its API, and
 * run Terraform on each stack against it, in dependency order. Used by `cross-account-iam sandbox`
 * and by the end-to-end tests. Nothing here ever talks to AWS.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { runProcess } from '../stacks/process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** How to get the emulator, for every message that finds it missing. */
export const EMULATOR_INSTALL_HINT = 'Install the AWS API emulator with `pip install "moto[server]"` (Python 3; it brings moto_server and boto3), or give the URL of a running one.';

/** moto_server (or boto3) is not on this machine. */
export class EmulatorMissingError extends Error {
  constructor(what: string) {
    super(`${what} was not found. ${EMULATOR_INSTALL_HINT}`);
    this.name = 'EmulatorMissingError';
  }
}

/** The first executable called `name` on PATH, or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A running emulator. */
export interface Emulator {
  readonly url: string;
  /** Process id when this process started it; undefined for one given by URL. */
  readonly pid?: number;
  /** Whether it is moto (its /moto-api/ answers): only moto can switch its auth on for the access check. */
  readonly moto: boolean;
  /** Stops it (by process id) when this process started it; a no-op otherwise. */
  stop(): Promise<void>;
  /** Lets this process exit while the emulator keeps running (`sandbox --keep`). */
  release(): void;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function answers(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined;
  }
}

/** Uses the emulator at `url` (e.g. LocalStack, or a moto started elsewhere). */
export async function connectEmulator(url: string): Promise<Emulator> {
  const base = url.replace(/\/+$/, '');
  if ((await answers(`${base}/`)) === undefined) throw new Error(`No emulator answers at ${base}. Start one (e.g. \`moto_server -H 127.0.0.1 -p 5000\`) or leave out the URL to start one here.`);
  return { url: base, moto: (await answers(`${base}/moto-api/`)) === 200, stop: async () => undefined, release: () => undefined };
}

/**
 * Starts `moto_server` on a free port of 127.0.0.1 only, with AWS managed policies loaded, and
 * waits until it answers. Throws EmulatorMissingError when moto_server is not installed.
 */
export async function startEmulator(options: { command?: string; timeoutMs?: number } = {}): Promise<Emulator> {
  const command = options.command ?? findOnPath('moto_server');
  if (!command) throw new EmulatorMissingError('moto_server');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    // Same process group: a Ctrl-C of the command stops the emulator too.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited: number | null | undefined;
  const exit = new Promise<void>((done) => child.once('exit', (code) => ((exited = code), done())));
  child.once('error', () => undefined);
  const stop = async () => {
    if (exited !== undefined || child.pid === undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => exited === undefined && child.kill('SIGKILL'), 3000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30000);
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`moto_server exited (${exited}) before answering on ${url}:\n${stderr}`);
    if ((await answers(`${url}/moto-api/`)) !== undefined) {
      const release = () => {
        child.stderr?.destroy();
        child.unref();
      };
      return { url, pid: child.pid, moto: true, stop, release };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`moto_server did not answer on ${url} within ${(options.timeoutMs ?? 30000) / 1000} s:\n${stderr}`);
}

/** Who makes a call: the deployment role of an account (assumed with the emulator's default keys), a user's keys, or the default keys. */
export type Caller = { readonly roleArn: string } | { readonly accessKeyId: string; readonly secretAccessKey: string } | Record<string, never>;

/** One AWS API call, made with boto3 (`method` in snake_case, `params` as boto3 takes them). */
export interface ApiCall {
  readonly as?: Caller;
  readonly service: string;
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

export interface ApiResult {
  readonly ok: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly result?: any;
  /** The AWS error code, e.g. AccessDenied. */
  readonly code?: string;
  readonly message?: string;
}

/** The calls run in one Python process (boto3 starts once); an AWS error, or the emulator failing inside, is a result; anything else a failure. */
const CALLS_PY = String.raw`
import json, sys, urllib.request
try:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError
    from botocore.parsers import ResponseParserError
except ImportError:
    sys.stderr.write("BOTO3_MISSING\n")
    sys.exit(3)
req = json.load(sys.stdin)
endpoint, region = req["endpoint"], req["region"]
config = Config(retries={"max_attempts": 1})
default = dict(aws_access_key_id="test", aws_secret_access_key="test")
sessions = {}
def client(service, who):
    if "roleArn" in who:
        key = who["roleArn"]
        if key not in sessions:
            c = boto3.client("sts", endpoint_url=endpoint, region_name=region, config=config, **default).assume_role(RoleArn=key, RoleSessionName="cross-account-iam-sandbox")["Credentials"]
            sessions[key] = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
        creds = sessions[key]
    elif "accessKeyId" in who:
        creds = dict(aws_access_key_id=who["accessKeyId"], aws_secret_access_key=who["secretAccessKey"])
    else:
        creds = default
    return boto3.client(service, endpoint_url=endpoint, region_name=region, config=config, **creds)
out = []
for call in req["calls"]:
    if call["service"] == "moto-api":
        body = str(call["params"]["count"]).encode()
        with urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/" + call["method"], data=body, method="POST", headers={"Content-Type": "text/plain"})) as r:
            out.append({"ok": True, "result": json.loads(r.read() or b"{}")})
        continue
    try:
        result = getattr(client(call["service"], call.get("as") or {}), call["method"])(**(call.get("params") or {}))
        result.pop("ResponseMetadata", None)
        out.append({"ok": True, "result": result})
    except ClientError as e:
        err = e.response.get("Error", {})
        out.append({"ok": False, "code": err.get("Code"), "message": err.get("Message")})
    except ResponseParserError as e:
        # The emulator failed inside (moto answers HTTP 500 with an HTML page): a result of this call, not of the others.
        out.append({"ok": False, "code": "EmulatorError", "message": str(e).splitlines()[0][:300]})
json.dump(out, sys.stdout, default=str)
`;

/** Runs the calls against the emulator, in order. */
export function callApi(endpoint: string, region: string, calls: readonly ApiCall[]): Promise<ApiResult[]> {
  if (calls.length === 0) return Promise.resolve([]);
  const python = process.env.CROSS_ACCOUNT_IAM_PYTHON || 'python3';
  const run = runProcess(python, ['-c', CALLS_PY], { env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' }, input: JSON.stringify({ endpoint, region, calls }) });
  return run.then(
    ({ code, stdout, stderr }) => {
      if (code === 3 && stderr.includes('BOTO3_MISSING')) throw new EmulatorMissingError(`boto3 (for ${python})`);
      if (code !== 0) throw new Error(`AWS API calls to ${endpoint} failed (exit ${code}):\n${stderr.slice(-3000)}`);
      return JSON.parse(stdout) as ApiResult[];
    },
    (err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? new EmulatorMissingError(python) : err;
    },
  );
}

/** `callApi`, failing on the first AWS error (with the call that made it). */
export async function callApiOrFail(endpoint: string, region: string, calls: readonly ApiCall[]): Promise<ApiResult[]> {
  const results = await callApi(endpoint, region, calls);
  const bad = results.findIndex((r) => !r.ok);
  if (bad >= 0) throw new Error(`${calls[bad].service}.${calls[bad].method} failed: ${results[bad].code}: ${results[bad].message}`);
  return results;
}
