print("furet")
