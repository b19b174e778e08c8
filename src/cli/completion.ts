import type { Command, Option } from 'commander';

/**
 * Shell completion scripts, generated from the commander program itself, so every command and
 * option the parser knows is offered and none that it does not: a new option is completed the
 * day it is added. Values are completed where the program knows them (an option's choices, the
 * format names, the vendor ids, file names for files).
 */
export type Shell = 'bash' | 'zsh' | 'fish';

export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

interface OptionSpec {
  /** `--format`, and `-o` when there is a short form. */
  names: string[];
  description: string;
  takesValue: boolean;
  /** The values to offer, when known. */
  values?: readonly string[];
  /** The value is a file name. */
  file: boolean;
}

interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** What its arguments are: files, one of a few words, or free text (nothing to offer). */
  argumentValues?: readonly string[];
  argumentFiles: boolean;
}

export interface ProgramSpec {
  name: string;
  commands: CommandSpec[];
  /** The command that runs when the first word is not a command (report). */
  defaultCommand?: string;
  /** --version, --help: given before any command. */
  options: OptionSpec[];
}

/** Values commander does not know as choices: option name to the values to offer. */
export type KnownValues = Readonly<Record<string, readonly string[]>>;

/** Options whose value is a file name. */
const FILE_OPTIONS = new Set(['--follow']);

const HELP: OptionSpec = { names: ['-h', '--help'], description: 'show help', takesValue: false, file: false };

function optionSpec(option: Option, known: KnownValues): OptionSpec {
  const names = [option.short, option.long].filter((name): name is string => name !== undefined);
  const long = option.long ?? '';
  const spec: OptionSpec = { names, description: option.description, takesValue: option.required || option.optional, file: FILE_OPTIONS.has(long) };
  const values = option.argChoices ?? known[long];
  if (values !== undefined) spec.values = values;
  return spec;
}

/** What completion needs of a commander program. */
export function describeProgram(program: Command, known: KnownValues = {}, defaultName?: string): ProgramSpec {
  const commands = program.commands.map((command): CommandSpec => {
    const args = command.registeredArguments;
    const choices = args.find((arg) => arg.argChoices !== undefined)?.argChoices;
    const spec: CommandSpec = {
      name: command.name(),
      description: command.description(),
      options: [...command.options.map((option) => optionSpec(option, known)), HELP],
      argumentFiles: args.some((arg) => arg.name() === 'files'),
    };
    if (choices !== undefined) spec.argumentValues = choices;
    return spec;
  });
  const spec: ProgramSpec = { name: program.name(), commands, options: [...program.options.map((option) => optionSpec(option, known)), HELP] };
  if (defaultName !== undefined) spec.defaultCommand = defaultName;
  return spec;
}

export function completionScript(spec: ProgramSpec, shell: Shell): string {
  switch (shell) {
    case 'bash':
      return bashScript(spec);
    case 'zsh':
      return zshScript(spec);
    case 'fish':
      return fishScript(spec);
  }
}

function identifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The options offered where no command has been typed: the default command's and the program's. */
function topLevelOptions(spec: ProgramSpec): OptionSpec[] {
  const fallback = spec.commands.find((command) => command.name === spec.defaultCommand);
  return [...(fallback?.options ?? []), ...spec.options.filter((option) => !option.names.includes('--help'))];
}

function bashScript(spec: ProgramSpec): string {
  const fn = `_${identifier(spec.name)}`;
  const commandNames = spec.commands.map((command) => command.name);
  const valueOptions = new Set<string>();
  for (const command of spec.commands) for (const option of command.options) if (option.takesValue) for (const name of option.names) valueOptions.add(name);

  const valueCases: string[] = [];
  for (const { name: context, options } of spec.commands) {
    const free: string[] = [];
    for (const option of options) {
      if (!option.takesValue) continue;
      const patterns = option.names.map((name) => `${context}:${name}`);
      if (!option.file && option.values === undefined) {
        free.push(...patterns);
        continue;
      }
      const action = option.file ? 'COMPREPLY=($(compgen -f -- "$cur"))' : `COMPREPLY=($(compgen -W '${option.values!.join(' ')}' -- "$cur"))`;
      valueCases.push(`    ${patterns.join('|')}) ${action}; return ;;`);
    }
    // A value nothing can guess (a time, a glob, a number): offer nothing rather than file names.
    if (free.length > 0) valueCases.push(`    ${free.join('|')}) COMPREPLY=(); return ;;`);
  }
  const optionCases = spec.commands.map(
    (command) => `    ${command.name}) opts='${command.options.flatMap((option) => option.names).join(' ')}' ;;`,
  );
  const argumentCases = spec.commands.flatMap((command) => {
    if (command.argumentValues !== undefined) return [`    ${command.name}) COMPREPLY=($(compgen -W '${command.argumentValues.join(' ')}' -- "$cur")) ;;`];
    if (command.argumentFiles) return [`    ${command.name}) COMPREPLY=($(compgen -f -- "$cur")) ;;`];
    return [];
  });
  const top = topLevelOptions(spec).flatMap((option) => option.names);
  const fallback = spec.defaultCommand ?? '';
  return `# ${spec.name} completion for bash, generated by '${spec.name} completion bash'.
# Load it with: source <(${spec.name} completion bash)   or save it as ~/.local/share/bash-completion/completions/${spec.name}
${fn}() {
  local cur prev cmd="" i opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # The command is the first word that is neither an option nor an option's value.
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${[...valueOptions].join('|')}) ((i++)) ;;
      -*) ;;
      ${commandNames.join('|')}) cmd="\${COMP_WORDS[i]}"; break ;;
      *) break ;;
    esac
  done
  case "\${cmd:-${fallback}}:$prev" in
${valueCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${optionCases.join('\n')}
    *) opts='${top.join(' ')}' ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W '${commandNames.join(' ')}' -- "$cur") $(compgen -f -- "$cur"))
    return
  fi
  case "$cmd" in
${argumentCases.join('\n')}
  esac
}
complete -o filenames -F ${fn} ${spec.name}
`;
}

/** Text inside a single-quoted zsh word, as an _arguments description ([...] and : are special there). */
function zshDescription(text: string): string {
  return text.replace(/([[\]:\\])/g, '\\$1').replace(/'/g, `'\\''`);
}

function zshOptionSpecs(options: readonly OptionSpec[]): string[] {
  return options.map((option) => {
    const names = option.names.length > 1 ? `{${option.names.join(',')}}` : option.names[0]!;
    const description = `[${zshDescription(option.description)}]`;
    let value = '';
    if (option.takesValue) {
      const action = option.file ? '_files' : option.values !== undefined ? `(${option.values.join(' ')})` : ' ';
      value = `:value:${action}`;
    }
    // A brace list must stay outside quotes for the shell to expand it.
    return option.names.length > 1 ? `${names}'${description}${value}'` : `'${names}${description}${value}'`;
  });
}

function zshScript(spec: ProgramSpec): string {
  const fn = `_${identifier(spec.name)}`;
  const described = spec.commands.map((command) => `    '${command.name}:${zshDescription(command.description)}'`);
  const cases = spec.commands.map((command) => {
    const rest = command.argumentValues !== undefined ? `'1:${command.name}:(${command.argumentValues.join(' ')})'` : command.argumentFiles ? `'*:file:_files'` : `'*: :'`;
    return `    ${command.name})\n      _arguments -s \\\n        ${[...zshOptionSpecs(command.options), rest].join(' \\\n        ')}\n      ;;`;
  });
  const top = [...zshOptionSpecs(topLevelOptions(spec)), `'*: :{_describe -t commands command commands; _files}'`];
  return `#compdef ${spec.name}
# ${spec.name} completion for zsh, generated by '${spec.name} completion zsh'.
# Load it with: source <(${spec.name} completion zsh)   or save it as _${spec.name} in a directory of $fpath
${fn}() {
  local -a commands
  commands=(
${described.join('\n')}
  )
  local cmd="" i
  for (( i = 2; i < CURRENT; i++ )); do
    if (( \${commands[(I)\${words[i]}:*]} )); then
      cmd=\${words[i]}
      break
    fi
  done
  if [[ -n $cmd ]]; then
    shift $(( i - 1 )) words
    (( CURRENT -= i - 1 ))
  fi
  case $cmd in
${cases.join('\n')}
    *)
      _arguments -s \\
        ${top.join(' \\\n        ')}
      ;;
  esac
}
if [[ $funcstack[1] == ${fn} ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${spec.name}
fi
`;
}

function fishQuote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fishOptionLines(name: string, condition: string, options: readonly OptionSpec[]): string[] {
  return options.map((option) => {
    const parts = [`complete -c ${name} -n ${fishQuote(condition)}`];
    for (const flag of option.names) parts.push(flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`);
    if (option.takesValue) parts.push(option.file ? '-r -F' : option.values !== undefined ? `-x -a ${fishQuote(option.values.join(' '))}` : '-x');
    parts.push(`-d ${fishQuote(option.description)}`);
    return parts.join(' ');
  });
}

function fishScript(spec: ProgramSpec): string {
  const lines = [
    `# ${spec.name} completion for fish, generated by '${spec.name} completion fish'.`,
    `# Load it with: ${spec.name} completion fish | source   or save it as ~/.config/fish/completions/${spec.name}.fish`,
    `complete -c ${spec.name} -e`,
    ...spec.commands.map(
      (command) => `complete -c ${spec.name} -n '__fish_use_subcommand' -f -a ${command.name} -d ${fishQuote(command.description)}`,
    ),
    ...fishOptionLines(spec.name, '__fish_use_subcommand', topLevelOptions(spec)),
  ];
  for (const command of spec.commands) {
    const condition = `__fish_seen_subcommand_from ${command.name}`;
    lines.push(...fishOptionLines(spec.name, condition, command.options));
    if (command.argumentValues !== undefined) {
      lines.push(`complete -c ${spec.name} -n ${fishQuote(condition)} -f -a ${fishQuote(command.argumentValues.join(' '))}`);
    } else if (!command.argumentFiles) {
      lines.push(`complete -c ${spec.name} -n ${fishQuote(condition)} -f`);
    }
  }
  return `${lines.join('\n')}\n`;
}
