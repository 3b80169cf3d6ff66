document.getElementById("root")!.textContent = "Commission";
