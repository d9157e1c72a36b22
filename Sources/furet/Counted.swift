/// `count` and `noun`, plural unless `count` is 1: `1 file`, `3 files`.
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
