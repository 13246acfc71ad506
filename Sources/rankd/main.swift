import Ranking
print("rankd")
