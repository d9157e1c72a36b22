#!/usr/bin/env python3
"""Builds the office and mail folder of the formats benchmark from real French novels (ELTeC).

    make-office-corpus.py ELTEC-DIR TARGET-DIR

TARGET/odt, TARGET/docx and TARGET/rtf each hold six novels (one document each, chapters as
paragraphs) converted by LibreOffice headless from their text; TARGET/mail holds six more as
mailboxes (one message a chapter, in UTF-8 quoted-printable, base64 and 8-bit Latin-1 in turn)
and mails carrying the ODT novels as attachments. Nobody here wrote the text; the mails'
headers are made up. Needs `soffice` (Debian libreoffice-writer-nogui).
"""
import email.charset
import email.message
import email.policy
import email.utils
import mailbox
import os
import subprocess
import sys
import tempfile

KINDS = ["odt", "docx", "rtf"]
NOVELS_PER_KIND = 6
FILTERS = {"odt": "odt", "docx": "docx:MS Word 2007 XML", "rtf": "rtf"}


def novels(eltec):
    """Each novel's folder and its chapters' text, in a stable order."""
    for name in sorted(os.listdir(eltec)):
        folder = os.path.join(eltec, name)
        chapters = sorted(f for f in os.listdir(folder) if f.endswith(".txt"))
        yield name, [open(os.path.join(folder, f), encoding="utf-8").read() for f in chapters]


def convert(texts, kind, target, work):
    """LibreOffice converts the novels' text files to `kind`, all in one run."""
    sources = []
    for name, chapters in texts:
        path = os.path.join(work, name + ".txt")
        with open(path, "w", encoding="utf-8") as out:
            out.write("\n\n".join(chapters))
        sources.append(path)
    os.makedirs(os.path.join(target, kind), exist_ok=True)
    subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + work + "/profile",
                    "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", FILTERS[kind],
                    "--outdir", os.path.join(target, kind)] + sources,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def message(novel, number, text, encoding):
    """One chapter as a mail, its body in the given transfer encoding."""
    mail = email.message.EmailMessage(policy=email.policy.SMTP)
    mail["From"] = email.utils.formataddr(("Éditions ELTeC", "lecture@example.org"))
    mail["To"] = "abonnes@example.org"
    mail["Subject"] = text.split("\n", 1)[0][:120]
    mail["Date"] = email.utils.format_datetime(email.utils.localtime().replace(year=2024, month=1 + number % 12, day=1 + number % 28))
    mail["Message-ID"] = email.utils.make_msgid(idstring=f"{novel}.{number}", domain="example.org")
    if encoding == "latin-1":
        mail.set_content(text.encode("latin-1", "replace"), maintype="text", subtype="plain", cte="8bit",
                         params={"charset": "iso-8859-1"})
    else:
        mail.set_content(text, cte=encoding)
    return mail


def mails(texts, odts, target):
    folder = os.path.join(target, "mail")
    os.makedirs(folder, exist_ok=True)
    encodings = ["quoted-printable", "base64", "latin-1"]
    for index, (name, chapters) in enumerate(texts):
        box = mailbox.mbox(os.path.join(folder, name + ".mbox"), create=True)
        for number, chapter in enumerate(chapters):
            box.add(message(name, number, chapter, encodings[(index + number) % 3]))
        box.close()
    for number, path in enumerate(odts):
        mail = message("envoi", number, "Bonjour,\n\nVoici le roman en pièce jointe.\n", "quoted-printable")
        with open(path, "rb") as attachment:
            mail.add_attachment(attachment.read(), maintype="application", subtype="vnd.oasis.opendocument.text",
                                filename=os.path.basename(path))
        with open(os.path.join(folder, f"envoi-{number + 1}.eml"), "wb") as out:
            out.write(mail.as_bytes())


def main():
    eltec, target = sys.argv[1:3]
    all_novels = list(novels(eltec))
    with tempfile.TemporaryDirectory() as work:
        for index, kind in enumerate(KINDS):
            convert(all_novels[index * NOVELS_PER_KIND:(index + 1) * NOVELS_PER_KIND], kind, target, work)
    odt = os.path.join(target, "odt")
    odts = sorted(os.path.join(odt, f) for f in os.listdir(odt))[:3]
    start = len(KINDS) * NOVELS_PER_KIND
    mails(all_novels[start:start + NOVELS_PER_KIND], odts, target)


if __name__ == "__main__":
    main()
