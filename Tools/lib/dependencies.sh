# Shared by Tools/test, Tools/demo and Tools/bench: the Debian packages Furet builds and runs with.
FURET_DEBIAN_PACKAGES=(libsqlite3-dev libstemmer-dev libhunspell-dev hunspell-fr libxml2-dev zlib1g-dev libdeflate-dev libpoppler-glib-dev libzip-dev libgmime-3.0-dev pkg-config python3)

# Installs the missing packages with apt-get (as root, or through sudo).
install_dependencies() {
    local missing=()
    for package in "${FURET_DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}
