# Shared by Tools/eval and Tools/bench: the French test corpora of ../shared/corpus, made once.
#
#   prepare_corpora [DIR [CORPUS...]]
#
# Makes DIR/eltec-fr (extracted from eltec-fr.tar.xz) and DIR/debian-fr (built from Debian
# packages by build_corpus_debian.sh, about a minute) when missing or empty; DIR defaults to
# Index/corpora, the corpora to both. DIR/documents-fr (the French PDFs and EPUBs Debian
# ships as documentation, for the formats benchmark) and DIR/office-fr (ODT, DOCX, RTF and mail
# made from DIR/eltec-fr, which must be made first) are made only when named. A corpus is made in DIR/.partial and moved into place
# once complete, so an interrupted run leaves nothing that looks finished.

# The shared folder beside the repository (override with FURET_SHARED).
FURET_SHARED=${FURET_SHARED:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared}

prepare_corpora() {
    local dir=${1:-Index/corpora}
    shift || true
    local corpora=("$@")
    [ ${#corpora[@]} -eq 0 ] && corpora=(eltec-fr debian-fr)
    mkdir -p "$dir"
    local corpus
    for corpus in "${corpora[@]}"; do
        if [ -n "$(ls -A "$dir/$corpus" 2>/dev/null)" ]; then continue; fi
        rm -rf "$dir/.partial" "$dir/$corpus"
        mkdir -p "$dir/.partial"
        case "$corpus" in
            eltec-fr) _extract_eltec "$dir/.partial" ;;
            debian-fr) _build_debian "$dir/.partial" ;;
            documents-fr) _build_documents "$dir/.partial/documents-fr" ;;
            office-fr) _build_office "$dir/eltec-fr" "$dir/.partial/office-fr" ;;
            *) echo "prepare_corpora: unknown corpus $corpus" >&2; return 1 ;;
        esac
        mv "$dir/.partial/$corpus" "$dir/$corpus"
        find "$dir/.partial" -maxdepth 1 -name "$corpus.*.tsv" -exec mv {} "$dir/" \;
        rm -rf "$dir/.partial"
    done
}

_extract_eltec() {
    echo "Extracting eltec-fr" >&2
    tar -xJf "$FURET_SHARED/corpus/eltec-fr.tar.xz" -C "$1"
}

# Needs python3, groff and dpkg-deb, and apt package lists for `apt-get download`.
_build_debian() {
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    local missing=()
    command -v python3 >/dev/null || missing+=(python3)
    command -v groff >/dev/null || missing+=(groff-base)
    if ! apt-cache show gimp-help-fr >/dev/null 2>&1 || [ ${#missing[@]} -gt 0 ]; then
        $sudo apt-get update -qq
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing ${missing[*]}" >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
    fi
    echo "Building debian-fr (about a minute)" >&2
    sh "$FURET_SHARED/corpus/build_corpus_debian.sh" "$1/debian-fr" "$1/work" >&2
}

# The PDFs and EPUBs of Debian's French documentation packages, downloaded (not installed)
# and unpacked: real documents nobody here wrote, about 60 MB. Needs apt package lists.
DOCUMENT_PACKAGES=(debian-reference-fr developers-reference-fr maint-guide-fr debian-edu-doc-fr
    eyes17-manuals-fr expeyes-doc-fr debian-faq-fr ubuntu-packaging-guide-pdf-fr ubuntu-packaging-guide-epub-fr)

_build_documents() {
    local target=$1 work
    work=$(mktemp -d)
    echo "Building documents-fr from ${DOCUMENT_PACKAGES[*]}" >&2
    (cd "$work" && apt-get download "${DOCUMENT_PACKAGES[@]}" >&2)
    mkdir -p "$target"
    local package
    for package in "$work"/*.deb; do
        dpkg-deb -x "$package" "$work/tree"
    done
    # Flat, named after their package's path, so that no two files collide.
    # Some packages gzip their PDFs.
    find "$work/tree" -type f -name '*.pdf.gz' -exec gunzip {} +
    find "$work/tree" -type f \( -name '*.pdf' -o -name '*.epub' \) | while read -r file; do
        cp "$file" "$target/$(echo "${file#"$work/tree/usr/share/"}" | tr / _)"
    done
    rm -rf "$work"
}

# ODT, DOCX and RTF converted by LibreOffice headless from ELTeC novels, and mailboxes and
# mails made from others with Python's `email` (see make-office-corpus.py): about 15 MB, a
# few minutes. Installs LibreOffice Writer (without its GUI) when `soffice` is missing.
_build_office() {
    local eltec=$1 target=$2
    if ! command -v soffice >/dev/null; then
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        echo "Installing libreoffice-writer-nogui" >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libreoffice-writer-nogui >&2
    fi
    echo "Building office-fr from $eltec" >&2
    python3 "$(dirname "${BASH_SOURCE[0]}")/make-office-corpus.py" "$eltec" "$target"
}
