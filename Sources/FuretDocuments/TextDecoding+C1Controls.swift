extension TextDecoding {
    /// `text` with each C1 control (U+0080–U+009F) replaced by the Windows-1252 character of
    /// that byte: French mail labelled `iso-8859-1` is often written in Windows-1252, so its
    /// `’` (0x92) decodes to the invisible U+0092 and `l’assemblée` reads as `lassemblée`.
    /// Real text never uses C1 controls, so the repair is safe on every decoded string.
    package static func repairingC1Controls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value) {
                scalars.append(contentsOf: decodeWindows1252([UInt8(scalar.value)]).unicodeScalars)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
