import FuretDocuments

/// The code of an ``IsolatedFormat``: its name and extensions are those `FuretDocuments`
/// declares, which the daemon reads without linking this code.
protocol IsolatedDocumentFormat: DocumentFormat {
    var declared: IsolatedFormat { get }
}

extension IsolatedDocumentFormat {
    var name: String { declared.name }
    var extensions: Set<String> { declared.extensions }
}
