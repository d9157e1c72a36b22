# Shared by Tools/test, Tools/demo and Tools/bench: the Debian packages Furet builds and runs with.
FURET_DEBIAN_PACKAGES=(libsqlite3-dev libstemmer-dev libhunspell-dev hunspell-fr libxml2-dev zlib1g-dev libdeflate-dev libzstd-dev libpoppler-glib-dev libpoppler-private-dev libzip-dev libgmime-3.0-dev libseccomp-dev libjemalloc-dev libicu-dev libxapian-dev xapian-tools pkg-config python3)

# What Tools/package and Tools/package-test need besides: shared-library dependencies
# (dpkg-shlibdeps), the package checker, and a clean Debian root to install into.
FURET_PACKAGING_PACKAGES=(dpkg-dev binutils lintian debootstrap)

# Installs the missing packages with apt-get (as root, or through sudo): those given, else
# FURET_DEBIAN_PACKAGES.
install_dependencies() {
    local wanted=("$@")
    [ ${#wanted[@]} -eq 0 ] && wanted=("${FURET_DEBIAN_PACKAGES[@]}")
    local missing=()
    for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}
