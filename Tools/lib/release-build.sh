# Shared by Tools/package and Tools/install: the programs Furet installs, built for release with
# the Swift runtime linked statically, and what swift-argument-parser generates for them.

# Release build folder (git-ignored), apart from the developer's .build.
FURET_RELEASE_SCRATCH=.build-package

# Sets the array `executables` to the executable products of Package.swift, leaving out those
# whose targets live in Tools/ (benchmarks and other dev tools), and `described_executables` to
# those of them built on swift-argument-parser, which have man pages and completions (a helper
# such as furet-extract is not, and is never run here: it would wait for its input).
read_release_executables() {
    local manifest listing
    manifest=$(swift package dump-package) || return 1
    listing=$(python3 -c '
import json, sys
package = json.load(sys.stdin)
targets = {target["name"]: target for target in package["targets"]}
for product in package["products"]:
    if "executable" not in product["type"]:
        continue
    own = [targets[name] for name in product["targets"]]
    if any((target.get("path") or "").startswith("Tools/") for target in own):
        continue
    parser = any(d.get("product", [None])[0] == "ArgumentParser" for t in own for d in t["dependencies"])
    print(product["name"], "described" if parser else "helper")
' <<<"$manifest") || return 1
    mapfile -t executables < <(cut -d' ' -f1 <<<"$listing")
    mapfile -t described_executables < <(sed -n 's/ described$//p' <<<"$listing")
    if [ -z "$listing" ]; then
        echo "found no executable product in Package.swift" >&2
        return 1
    fi
}

# Builds the executables given for release, the Swift runtime linked statically, and prints the
# folder holding them. Fails if any of them still loads a Swift library at run time.
build_release() {
    local executable
    for executable in "$@"; do
        nice -n 10 swift build -c release --static-swift-stdlib --scratch-path "$FURET_RELEASE_SCRATCH" --product "$executable" >&2
    done
    local bin
    bin=$(swift build -c release --static-swift-stdlib --scratch-path "$FURET_RELEASE_SCRATCH" --show-bin-path)
    for executable in "$@"; do
        if ldd "$bin/$executable" | grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime|/opt/swift' >&2; then
            echo "$executable still loads the Swift runtime (above)" >&2
            return 1
        fi
    done
    echo "$bin"
}

# The manual section of an executable: furet is a user command, furetd and helpers run as
# daemons (section 8).
manual_section() {
    if [ "$1" = furet ]; then echo 1; else echo 8; fi
}

# Writes the man page of each executable given (built on swift-argument-parser) into
# DIR/manSECTION/NAME.SECTION, dated DATE (yyyy-mm-dd), with swift-argument-parser's generate-manual plugin. The plugin builds every
# product in the configuration it is given and names every page with the section it is asked
# for: it runs on the developer's debug build (.build, the same help text, nothing to rebuild
# when it is up to date), once per section.
generate_manuals() {
    local dir=$1 date=$2
    shift 2
    local outputs=.build/plugins/GenerateManual/outputs section executable page
    rm -rf "$outputs"
    for section in 1 8; do
        nice -n 10 swift package generate-manual --configuration debug --section "$section" --date "$date" >&2
    done
    for executable in "$@"; do
        section=$(manual_section "$executable")
        page=$(find "$outputs" -name "$executable.$section" | head -n 1)
        if [ -z "$page" ]; then
            echo "generate-manual wrote no $executable.$section under $outputs" >&2
            return 1
        fi
        mkdir -p "$dir/man$section"
        cp "$page" "$dir/man$section/$executable.$section"
    done
}

# Writes the bash, zsh and fish completions of the program BIN/NAME, built on
# swift-argument-parser, into the three folders given.
generate_completions() {
    local program=$1 bash_dir=$2 zsh_dir=$3 fish_dir=$4
    local name
    name=$(basename "$program")
    mkdir -p "$bash_dir" "$zsh_dir" "$fish_dir"
    # bash-completion sources the file: a #! line would only mislead (lintian warns of it).
    "$program" --generate-completion-script bash | sed '1{/^#!/d}' >"$bash_dir/$name"
    "$program" --generate-completion-script zsh >"$zsh_dir/_$name"
    "$program" --generate-completion-script fish >"$fish_dir/$name.fish"
}

# Prints the systemd user unit with ExecStart set to the furetd given.
user_unit() {
    sed "s|^ExecStart=.*|ExecStart=$1|" Tools/systemd/furetd.service
}
