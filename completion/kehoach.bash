# bash completion for kehoach(1): commands, options and their values, unit
# ids and task ids. The commands and options come from `kehoach --help`, the
# ids from `kehoach export --list-ids tasks|units` on the plan (and --plan)
# given so far, so completion follows the installed program and the plan.
# Installed as share/bash-completion/completions/kehoach.

# Print the --plan/--db/--workspace options found on the command line so far.
_kehoach_globals()
{
    local i w
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        --plan | --db | --workspace)
            if [[ ${COMP_WORDS[i + 1]} == = ]]; then
                printf '%s\n' "$w" "${COMP_WORDS[i + 2]}"
            else
                printf '%s\n' "$w" "${COMP_WORDS[i + 1]}"
            fi
            ;;
        esac
    done
}

_kehoach()
{
    local cur prev prog cmd i w
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    [[ $prev == = ]] && prev=${COMP_WORDS[COMP_CWORD - 2]}
    [[ $cur == = ]] && cur=
    prog=${COMP_WORDS[0]}
    local -a globals
    mapfile -t globals < <(_kehoach_globals)

    # The command: the first word that is not an option or an option's value.
    cmd=
    local -a positional=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        --plan | --db | --today | --lang | --unit | --status | --search | --sort | \
            --format | --from | --to | --period | -o | --output | --progress | --note | \
            --interval | --list-ids | --user | --since | --id | --kind | --reason | --officer | \
            --on | --doc | --workspace | --days | --name | --ward | --file | --text | --lead | --deadline)
            ((i++))
            [[ ${COMP_WORDS[i]} == = ]] && ((i++))
            ;;
        -*) ;;
        *)
            if [[ -z $cmd ]]; then cmd=$w; else positional+=("$w"); fi
            ;;
        esac
    done

    case $prev in
    --plan | --db | -o | --output | --file)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        compopt -o filenames 2>/dev/null
        return
        ;;
    --workspace)
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        compopt -o filenames 2>/dev/null
        return
        ;;
    --from)
        # migrate --from OLD.db; report --from DATE.
        if [[ $cmd == migrate ]]; then
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            compopt -o filenames 2>/dev/null
        fi
        return
        ;;
    --lang)
        mapfile -t COMPREPLY < <(compgen -W "vi en" -- "$cur")
        return
        ;;
    --user)
        mapfile -t COMPREPLY < <(compgen -u -- "$cur")
        return
        ;;
    --unit)
        mapfile -t COMPREPLY < <(compgen -W "$("$prog" "${globals[@]}" export --list-ids units 2>/dev/null)" -- "$cur")
        return
        ;;
    --status)
        mapfile -t COMPREPLY < <(compgen -W "todo doing blocked done withdrawn" -- "$cur")
        return
        ;;
    --sort)
        mapfile -t COMPREPLY < <(compgen -W "plan deadline status unit" -- "$cur")
        return
        ;;
    --period)
        mapfile -t COMPREPLY < <(compgen -W "6m 9m year" -- "$cur")
        return
        ;;
    --list-ids)
        mapfile -t COMPREPLY < <(compgen -W "tasks units targets" -- "$cur")
        return
        ;;
    --kind)
        mapfile -t COMPREPLY < <(compgen -W "difficulty proposal" -- "$cur")
        return
        ;;
    --format)
        case $cmd in
        list | history) mapfile -t COMPREPLY < <(compgen -W "table json csv" -- "$cur") ;;
        report) mapfile -t COMPREPLY < <(compgen -W "md html csv" -- "$cur") ;;
        export) mapfile -t COMPREPLY < <(compgen -W "yaml json" -- "$cur") ;;
        show | digest | status) mapfile -t COMPREPLY < <(compgen -W "text json" -- "$cur") ;;
        esac
        return
        ;;
    --lead)
        mapfile -t COMPREPLY < <(compgen -W "$("$prog" "${globals[@]}" export --list-ids units 2>/dev/null)" -- "$cur")
        return
        ;;
    --today | --to | --progress | --note | --search | --interval | --since | --id | \
        --reason | --officer | --on | --doc | --days | --name | --ward | --text | --deadline)
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        local opts
        opts=$("$prog" --lang en ${cmd:+"$cmd"} --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
        [[ -z $cmd ]] && opts="$opts --no-mouse --read-only --ascii --version"
        opts=$(printf '%s\n' $opts --plan --db --workspace --today --lang --help | sort -u)
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
        return
    fi

    if [[ -z $cmd ]]; then
        local cmds
        cmds=$("$prog" --lang en --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
        mapfile -t COMPREPLY < <(compgen -W "$cmds" -- "$cur")
        return
    fi

    case $cmd in
    amend)
        if ((${#positional[@]} == 0)); then
            mapfile -t COMPREPLY < <(compgen -W "add change withdraw" -- "$cur")
        elif ((${#positional[@]} == 1)) && [[ ${positional[0]} != add ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$("$prog" "${globals[@]}" export --list-ids tasks 2>/dev/null)" -- "$cur")
        fi
        ;;
    measure)
        if ((${#positional[@]} == 0)); then
            mapfile -t COMPREPLY < <(compgen -W "$("$prog" "${globals[@]}" export --list-ids targets 2>/dev/null)" -- "$cur")
        fi
        ;;
    set | note | history | undo | confirm | assign | result | show | attachment | extend)
        if ((${#positional[@]} == 0)); then
            local ids
            ids=$("$prog" "${globals[@]}" export --list-ids tasks 2>/dev/null)
            # undo and history take a target too.
            [[ $cmd == undo || $cmd == history ]] && ids+=$'\n'$("$prog" "${globals[@]}" export --list-ids targets 2>/dev/null)
            mapfile -t COMPREPLY < <(compgen -W "$ids" -- "$cur")
        elif [[ $cmd == set ]] && ((${#positional[@]} == 1)); then
            mapfile -t COMPREPLY < <(compgen -W "todo doing blocked done withdrawn" -- "$cur")
        fi
        ;;
    check | import)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        compopt -o filenames 2>/dev/null
        ;;
    init)
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        compopt -o filenames 2>/dev/null
        ;;
    esac
}

complete -F _kehoach kehoach
