import * as fs from 'fs';
import * as path from 'path';
import { TemplateEnvironment } from '../simulator/template';
import { readTemplate } from '../simulator/template-text';

/*
 * Where the CLI finds a template: a template file (JSON or YAML), or a cloud assembly (a
 * `cdk.out` folder, which `cdk synth` writes) and one of its stacks.
 */

/** A template, as read, with what the simulation needs to know of where it deploys. */
export interface TemplateSource {
  /** How messages name it: the file, or the assembly and the stack. */
  readonly label: string;
  readonly template: any;
  /** Where it deploys, as far as the source says (a cloud assembly names its stacks' account, region and name). */
  readonly environment: TemplateEnvironment;
}

/** An error of the CLI's input: it exits with code 2 and this message. */
export class InputError extends Error {}

/** Read the template at `location`: a file, or a cloud assembly folder (with `--stack` when it has several stacks with a pool). */
export function readSource(location: string, stack: string | undefined): TemplateSource {
  if (!fs.existsSync(location)) {
    throw new InputError(`${location}: no such file or folder; give a template (.json, .yaml) or a cloud assembly folder (cdk.out)`);
  }
  if (fs.statSync(location).isDirectory()) {
    return fromAssembly(location, stack);
  }
  if (stack !== undefined) {
    throw new InputError(`--stack ${stack}: ${location} is a template file, not a cloud assembly; --stack picks a stack of a cdk.out folder`);
  }
  return { label: location, template: parse(location), environment: {} };
}

function parse(file: string): any {
  try {
    return readTemplate(fs.readFileSync(file, 'utf-8'), file);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

function hasPool(templateFile: string): boolean {
  try {
    return Object.values<any>(JSON.parse(fs.readFileSync(templateFile, 'utf-8')).Resources ?? {}).some((r) => r?.Type === 'AWS::Cognito::IdentityPool');
  } catch (e) {
    throw new InputError(`${templateFile}: not a JSON template (${(e as Error).message})`);
  }
}

interface StackArtifact {
  readonly id: string;
  readonly stackName: string;
  readonly templateFile: string;
  readonly environment?: string;
}

/** The stacks of a cloud assembly, nested assemblies (stages) included. */
function stacksOf(directory: string): StackArtifact[] {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new InputError(`${directory}: not a cloud assembly (it has no manifest.json); give a template file or the cdk.out folder cdk synth writes`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf-8'));
  const stacks: StackArtifact[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      stacks.push({
        id,
        stackName: artifact.properties?.stackName ?? id,
        templateFile: path.join(directory, artifact.properties.templateFile),
        environment: artifact.environment,
      });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...stacksOf(path.join(directory, artifact.properties.directoryName)));
    }
  }
  return stacks;
}

function fromAssembly(directory: string, wanted: string | undefined): TemplateSource {
  const stacks = stacksOf(directory);
  let chosen: StackArtifact | undefined;
  if (wanted !== undefined) {
    chosen = stacks.find((s) => s.id === wanted || s.stackName === wanted);
    if (!chosen) {
      throw new InputError(`--stack ${wanted}: ${directory} has no such stack; its stacks are ${stacks.map((s) => s.stackName).join(', ') || 'none'}`);
    }
  } else {
    // A stack without resources has a template that is not worth reading (readTemplate refuses it).
    const withPools = stacks.filter((s) => hasPool(s.templateFile));
    if (withPools.length !== 1) {
      throw new InputError(withPools.length === 0
        ? `${directory}: no stack of the assembly has an AWS::Cognito::IdentityPool`
        : `${directory}: ${withPools.length} stacks have an identity pool (${withPools.map((s) => s.stackName).join(', ')}); pick one with --stack`);
    }
    chosen = withPools[0];
  }
  const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(chosen.environment ?? '');
  return {
    label: `${directory} (stack ${chosen.stackName})`,
    template: parse(chosen.templateFile),
    environment: {
      account: env && env[1] !== 'unknown-account' ? env[1] : undefined,
      region: env && env[2] !== 'unknown-region' ? env[2] : undefined,
      stackName: chosen.stackName,
    },
  };
}
