import { randomUUID } from 'node:crypto';
import { execa, type ResultPromise } from 'execa';

export interface ProjectEvent {
  type: string;
  action: string;
  // The Compose service of a container event, or the object's name for networks and volumes.
  service: string;
  name: string;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

// Records what Docker does to one Compose project while a test runs, so a test can prove that
// something was never created or never started, even after a cleanup removed it again.
export class ProjectEvents {
  readonly #project: string;
  readonly #lines: string[] = [];
  readonly #child: ResultPromise<{ buffer: false; reject: false }>;
  readonly #marker = `identity-e2e-events-${randomUUID().slice(0, 8)}`;
  #seen: (() => void) | undefined;

  private constructor(project: string, since: number) {
    this.#project = project;
    // --since covers the moment between this call and the daemon's subscription.
    this.#child = execa('docker', ['events', '--since', String(since), '--format', '{{json .}}'], {
      buffer: false,
      reject: false,
    });
    let partial = '';
    this.#child.stdout!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        this.#lines.push(line);
        if (line.includes(this.#marker) && line.includes('"destroy"')) this.#seen?.();
      }
    });
  }

  static start(project: string): ProjectEvents {
    return new ProjectEvents(project, Math.floor(Date.now() / 1000) - 1);
  }

  // Ends the recording once every event before this call has arrived: events come in order, so
  // the removal of a marker volume made now is the last one to wait for.
  async stop(): Promise<ProjectEvent[]> {
    const seen = new Promise<void>((resolve) => {
      this.#seen = resolve;
    });
    await execa('docker', ['volume', 'create', this.#marker]);
    await execa('docker', ['volume', 'rm', this.#marker]);
    await seen;
    this.#child.kill();
    await this.#child;
    return this.#lines.flatMap((line) => this.#parse(line));
  }

  #parse(line: string): ProjectEvent[] {
    const raw = JSON.parse(line) as RawEvent;
    const attributes = raw.Actor?.Attributes ?? {};
    // A volume's name is its id.
    const name = attributes['name'] ?? raw.Actor?.ID ?? '';
    const labelled = attributes['com.docker.compose.project'] === this.#project;
    // Network and volume events carry no labels; Compose names them <project>_<name>.
    const named = name.startsWith(`${this.#project}_`);
    if (!labelled && !named) return [];
    return [
      {
        type: raw.Type ?? '',
        action: raw.Action ?? '',
        service: attributes['com.docker.compose.service'] ?? name,
        name,
      },
    ];
  }
}

// The services whose containers Docker created or started, per action.
export function servicesWith(events: ProjectEvent[], action: 'create' | 'start'): string[] {
  const services = events
    .filter((event) => event.type === 'container' && event.action === action)
    .map((event) => event.service);
  return [...new Set(services)].sort();
}
