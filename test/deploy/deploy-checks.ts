import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import YAML from 'yaml';

/** Problems with a docker-compose.yml, checked against the Compose Specification's JSON Schema. */
export function composeProblems(text: string): string[] {
  const schemaFile = path.join(path.dirname(require.resolve('dclint')), '..', 'schemas', 'compose.schema.json');
  // The schema names its draft-07 meta-schema by an https URL ajv does not register; the content is draft-07.
  const { $schema: _metaSchema, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ strict: false, allErrors: true, logger: false }).compile(schema);
  const document: unknown = YAML.parse(text, { merge: true });
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

const DOCKERFILE_INSTRUCTIONS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

/** Problems with a Dockerfile: it must parse, build in stages, and run as a non-root user with a health check. */
export function dockerfileProblems(text: string): string[] {
  const dockerfile = DockerfileParser.parse(text);
  const problems: string[] = [];
  const instructions = dockerfile.getInstructions();
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    const line = instruction.getRange().start.line + 1;
    if (!DOCKERFILE_INSTRUCTIONS.has(keyword)) problems.push(`line ${line}: unknown instruction ${keyword}`);
    if (keyword === 'ADD' && /https?:\/\//.test(instruction.getArgumentsContent() ?? '')) problems.push(`line ${line}: ADD from a URL; download in a RUN step with a checksum`);
  }
  const froms = dockerfile.getFROMs();
  if (froms.length < 2) problems.push('not a multi-stage build');
  for (const from of froms) if (!from.getImageTag() && !from.getImageDigest()) problems.push(`line ${from.getRange().start.line + 1}: base image without a tag`);
  const lastFrom = froms.at(-1)?.getRange().start.line ?? 0;
  const finalStage = instructions.filter((instruction) => instruction.getRange().start.line > lastFrom);
  const user = finalStage.filter((instruction) => instruction.getKeyword() === 'USER').at(-1)?.getArgumentsContent();
  if (!user || user === 'root' || user === '0') problems.push('the runtime stage does not switch to a non-root USER');
  if (!finalStage.some((instruction) => instruction.getKeyword() === 'HEALTHCHECK')) problems.push('the runtime stage has no HEALTHCHECK');
  return problems;
}

interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const MODEL_MODULES: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
};

/** Validates every rendered object against the Kubernetes schemas, and our pod hardening rules. */
export async function kubernetesProblems(renderedYaml: string): Promise<{ problems: string[]; objects: KubernetesObject[] }> {
  const objects = YAML.parseAllDocuments(renderedYaml).map((doc) => doc.toJS() as KubernetesObject).filter(Boolean);
  const problems: string[] = [];
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata?.name}`;
    const modulePath = MODEL_MODULES[object.apiVersion];
    if (!modulePath) {
      problems.push(`${where}: no schema for apiVersion ${object.apiVersion}`);
      continue;
    }
    const models = (await import(modulePath)) as Record<string, new (data: unknown) => { validate(): void }>;
    const Model = models[object.kind];
    if (!Model) {
      problems.push(`${where}: unknown kind ${object.kind} in ${object.apiVersion}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`);
    }
    const pod = object.kind === 'Deployment' || object.kind === 'Job' ? object.spec?.template?.spec : undefined;
    if (pod) problems.push(...podProblems(where, pod, object.kind === 'Deployment'));
  }
  return { problems, objects };
}

function podProblems(where: string, pod: any, needsProbes: boolean): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const problems: string[] = [];
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pod is not runAsNonRoot`);
  for (const container of pod.containers ?? []) {
    const name = `${where} container ${container.name}`;
    const security = container.securityContext ?? {};
    if (security.readOnlyRootFilesystem !== true) problems.push(`${name}: root filesystem is writable`);
    if (security.allowPrivilegeEscalation !== false) problems.push(`${name}: allows privilege escalation`);
    if (!(security.capabilities?.drop ?? []).includes('ALL')) problems.push(`${name}: capabilities are not dropped`);
    if (!container.resources?.requests || !container.resources?.limits) problems.push(`${name}: no resource requests and limits`);
    if (needsProbes && (!container.readinessProbe || !container.livenessProbe)) problems.push(`${name}: no readiness and liveness probes`);
  }
  return problems;
}
