/// Furet's release number and the index format it writes, in a target of their own so that
/// the client, which must not link the index, reports the same numbers as the daemon.
///
/// `Tools/package` names the Debian package after ``number``, and checks that
/// `Tools/debian/changelog` has an entry for it.
package enum ReleaseVersion {
    /// The release, as `MAJOR.MINOR.PATCH`.
    package static let number = "0.1.0"

    /// The on-disk format of the index (`PRAGMA user_version`), which `IndexSchema` migrates to.
    ///
    /// A new migration bumps this number.
    package static let indexFormat = 15

    /// What `--version` prints: `0.1.0 (index format 5)`.
    package static let description = "\(number) (index format \(indexFormat))"
}
