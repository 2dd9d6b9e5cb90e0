import { parentPort, workerData } from 'node:worker_threads';
import { App } from 'cdktf';
import './quiet-cdktf-deprecation';
import { OrgModel } from '../org/model';
import { buildApp } from './app';

/** One share of the account stacks, synthesized on its own core (see synth.ts). */
interface Job {
  readonly model: OrgModel;
  readonly accountKeys: readonly string[];
  /** HCP Terraform mode: the bootstraps of those accounts to build here. */
  readonly bootstraps?: readonly string[];
  readonly outdir: string;
}

const job = workerData as Job;
const keys = new Set(job.accountKeys);
const app = new App({ outdir: job.outdir, stackTraces: false });
buildApp(job.model, app, { identity: false, accounts: job.model.accounts.filter((a) => keys.has(a.key)), ...(job.bootstraps ? { bootstraps: job.bootstraps } : {}) });
app.synth();
parentPort!.postMessage(app.manifest.buildManifest().stacks);
