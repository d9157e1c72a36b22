import email, email.policy, mailbox, quopri, os, datetime
from email.message import EmailMessage
from email.utils import format_datetime

def paras(path, n, start=1):
    t = open(path, encoding="utf-8").read()
    return [p.strip() for p in t.split("\n\n") if p.strip()][start:start+n]

authors = sorted(os.listdir("/work/corpora/eltec-fr"))
adam = paras("/work/corpora/eltec-fr/FRA00101_Adam/002.txt", 3)
other = paras(f"/work/corpora/eltec-fr/{authors[5]}/001.txt", 2)
third = paras(f"/work/corpora/eltec-fr/{authors[9]}/001.txt", 2)

def q(text):
    return "".join(chr(b) if (48<=b<=57 or 65<=b<=90 or 97<=b<=122) else ("_" if b==32 else "=%02X" % b) for b in text.encode("cp1252"))

# 1. Labelled iso-8859-1, written in Windows-1252 (’ is 0x92, œ is 0x9C), as mail clients write it.
text = "Bonjour,\n\nVoici le compte rendu de l’assemblée générale ; le vœu du bureau a été adopté.\n\n" + adam[0].replace("'", "’") + "\n"
raw_body = quopri.encodestring(text.encode("cp1252")).decode("ascii")
msg1 = (
  f"From: =?iso-8859-1?Q?{q('Hélène Martin')}?= <helene.martin@example.fr>\r\n"
  "To: Bureau <bureau@example.fr>\r\n"
  "Cc: Paul Roux <paul.roux@example.fr>\r\n"
  f"Subject: =?iso-8859-1?Q?{q('Compte rendu de l’assemblée')}?=\r\n"
  "Date: Tue, 12 Mar 2024 09:30:00 +0100\r\n"
  "Message-ID: <cr-ag-2024@example.fr>\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: text/plain; charset=iso-8859-1\r\n"
  "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + raw_body.replace("\n", "\r\n"))
open("mislabelled-charset.eml", "wb").write(msg1.encode("ascii"))

# 2. HTML only, base64, UTF-8.
m = EmailMessage()
m["From"] = "Gazette du village <gazette@example.fr>"
m["To"] = "abonnes@example.fr"
m["Subject"] = "Les nouvelles de Saint-Brunelle"
m["Date"] = format_datetime(datetime.datetime(2024, 4, 2, 18, 0, tzinfo=datetime.timezone.utc))
html = "<html><head><title>Gazette</title><style>p{color:red}</style></head><body><h1>Les nouvelles</h1>" + "".join(f"<p>{p}</p>" for p in other) + "</body></html>"
m.set_content(html, subtype="html", charset="utf-8", cte="base64")
open("html-only.eml", "wb").write(m.as_bytes(policy=email.policy.SMTP))

# 3. Plain text + an ODT attachment with a non-ASCII name (RFC 2231) + a PNG (unsupported).
m = EmailMessage()
m["From"] = "Juliette Lamber <juliette@example.fr>"
m["To"] = "Daniel Stern <daniel@example.fr>"
m["Subject"] = "Le manuscrit"
m["Date"] = "Mon, 1 Jul 2024 14:15:00 +0200"
m.set_content("Cher ami,\n\nVous trouverez ci-joint la veillée, comme promis.\n\nJ. L.\n")
m.add_attachment(open("/tmp/fmt/office/mon-village.odt","rb").read(), maintype="application", subtype="vnd.oasis.opendocument.text", filename="veillée à Saint-Brunelle.odt")
m.add_attachment(bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ffff3f0005fe02fea7d6a4c20000000049454e44ae426082"), maintype="image", subtype="png", filename="plan.png")
open("with-attachment.eml", "wb").write(m.as_bytes(policy=email.policy.SMTP))

# 4. An mbox of three messages.
if os.path.exists("three-messages.mbox"): os.remove("three-messages.mbox")
box = mailbox.mbox("three-messages.mbox", create=True)
for i, (subj, body, day) in enumerate([("Première lettre", adam[1], 3), ("Deuxième lettre", other[-1], 4), ("Troisième lettre", third[0], 5)]):
    m = EmailMessage()
    m["From"] = f"Correspondant {i+1} <c{i+1}@example.fr>"
    m["To"] = "archives@example.fr"
    m["Subject"] = subj
    m["Date"] = format_datetime(datetime.datetime(2024, 5, day, 8, 0, tzinfo=datetime.timezone.utc))
    m["Message-ID"] = f"<lettre-{i+1}@example.fr>"
    m.set_content(body, cte="quoted-printable")
    box.add(m)
box.flush(); box.close()
print(authors[5], authors[9])
