print("furetd")
