import Glibc

/// Finds furetd's systemd user unit, so that "no daemon" can say to start it with systemctl.
enum UserUnit {
    /// The unit's file name, as `Tools/install` and the Debian package install it.
    static let fileName = "furetd.service"

    /// The installed unit's path, or nil: looked for where `Tools/install` puts it
    /// (`$XDG_CONFIG_HOME/systemd/user`, else `~/.config/systemd/user`), then where
    /// systemd finds units of the administrator and of packages.
    static func installedPath(environment: [String: String]) -> String? {
        var folders: [String] = []
        if let configHome = environment["XDG_CONFIG_HOME"], configHome.hasPrefix("/") {
            folders.append(configHome + "/systemd/user")
        } else if let home = environment["HOME"], !home.isEmpty {
            folders.append(home + "/.config/systemd/user")
        }
        folders += ["/etc/systemd/user", "/usr/lib/systemd/user"]
        return folders.map { "\($0)/\(fileName)" }.first { access($0, F_OK) == 0 }
    }
}
