# Saves a document as an ODT encrypted with the password "secret", through LibreOffice's UNO API:
#   /usr/bin/python3 encrypt-odt.py /abs/path/mon-village.fodt /abs/path/encrypted.odt
import subprocess, time, uno, sys
from com.sun.star.beans import PropertyValue
def prop(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
proc = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--accept=socket,host=127.0.0.1,port=2202;urp;"])
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(60):
    try:
        ctx = resolver.resolve("uno:socket,host=127.0.0.1,port=2202;urp;StarOffice.ComponentContext"); break
    except Exception: time.sleep(1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL("file://" + sys.argv[1] + "", "_blank", 0, (prop("Hidden", True),))
doc.storeToURL("file://" + sys.argv[2] + "", (prop("FilterName", "writer8"), prop("Password", "secret")))
doc.close(True)
try: desktop.terminate()
except Exception: pass
proc.wait(timeout=30)
