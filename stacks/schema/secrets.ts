import { inspect } from "util";

/**
 * A config value Pulumi keeps encrypted: written by `pulumi config set --secret` as `secure: v1:…`
 * in the stack file. Offline (the plan, tools, tests) only the ciphertext is known; under the
 * engine (or mocks standing in for it) the decrypted text is, with the key on the secret list.
 * Never printed: its JSON form is the ciphertext, its text `[secret]`.
 */
export class SecretValue {
  constructor(
    /** The decrypted value, when the engine handed it over. */
    readonly plaintext: string | undefined,
    /** The `v1:…` ciphertext from the stack file, when read offline. */
    readonly ciphertext?: string,
  ) {}

  toJSON(): { secure: string } {
    return { secure: this.ciphertext ?? "[secret]" };
  }

  toString(): string {
    return "[secret]";
  }

  [inspect.custom](): string {
    return "[secret]";
  }
}

/** What a secret setting holds: a URL or a password-like token. */
export type SecretKind = "url" | "password";

/**
 * Secret config keys of the program (full keys). Each is read only as a Pulumi secret; a value
 * stored in plain text is refused, naming the command that encrypts it.
 */
export interface SecretSetting {
  kind: SecretKind;
  /** What it is, for messages and docs. */
  description: string;
  /** Whether it must be set: for `render:`/`sandbox:` secrets, when that `platform:` key is set. */
  requiredWithRender: boolean;
}

/** `render:` secrets: credentials cloud environments generate, given here when rendering. */
export const RENDER_SECRET_KEYS = {
  databasePassword: "databasePassword",
  databaseAppPassword: "databaseAppPassword",
  cachePassword: "cachePassword",
  queuePassword: "queuePassword",
  grafanaPassword: "grafanaPassword",
} as const;

/**
 * Config namespaces of credentials that targets without AWS take from the stack file: each is read
 * (and its keys required) only when the `platform:` setting of the same name is set.
 */
export const CREDENTIAL_NAMESPACES = ["render", "sandbox"] as const;

/** The config key of the alert webhook's URL; set it with `pulumi config set --secret`. */
export const WEBHOOK_URL_KEY = "alertWebhookUrl";

/** Every secret setting by full key. */
export const SECRET_SETTINGS: Readonly<Record<string, SecretSetting>> = {
  [`platform:${WEBHOOK_URL_KEY}`]: {
    kind: "url",
    description: "Alertmanager webhook URL",
    requiredWithRender: false,
  },
  ...Object.fromEntries(
    CREDENTIAL_NAMESPACES.flatMap((ns) =>
      Object.values(RENDER_SECRET_KEYS).map((k) => [
        `${ns}:${k}`,
        { kind: "password", description: `${ns}-only ${k}`, requiredWithRender: true },
      ]),
    ),
  ),
};

/** The command that stores `key` encrypted. */
export const setSecretCommand = (key: string, kind: SecretKind) =>
  `pulumi config set --secret ${key} <${kind === "url" ? "url" : "value"}>`;

/** Whether a value read from a stack file is a `secure:` entry. */
export function isSecureEntry(value: unknown): value is { secure: string } {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { secure?: unknown }).secure === "string"
  );
}

/**
 * Problems of a secret setting's value (never showing it): missing where required, stored in plain
 * text, or (when decrypted) not of its kind.
 */
export function secretProblems(
  key: string,
  value: unknown,
  source: string,
): { key: string; message: string }[] {
  const setting = SECRET_SETTINGS[key];
  const command = setSecretCommand(key, setting.kind);
  if (value === undefined || value === "")
    return [{ key, message: `is not set; set it with: ${command}` }];
  if (!(value instanceof SecretValue))
    return [
      {
        key,
        message: `is stored in plain text in ${source}; set it again with: ${command} (the value is not shown)`,
      },
    ];
  if (
    setting.kind === "url" &&
    value.plaintext !== undefined &&
    !/^https?:\/\/\S+$/.test(value.plaintext)
  )
    return [{ key, message: "must be an http(s) URL (the value is a secret and is not shown)" }];
  return [];
}
