"""The shop's vocabulary: categories, product types with their median prices, brands, adjectives."""

# (category, [(product type, median price)], brands, adjectives)
CATEGORIES = [
    ("audio", [("headphones", 90), ("earbuds", 60), ("bluetooth speaker", 70), ("soundbar", 180)],
     ["sonix", "auralis", "bassline", "klangwerk", "vireo", "echoic"],
     ["wireless", "noise cancelling", "waterproof", "portable", "studio", "compact"]),
    ("computers", [("laptop", 850), ("monitor", 260), ("keyboard", 70), ("mouse", 35)],
     ["lumatek", "corvid", "nimbus", "quantix", "helio", "arcbyte"],
     ["gaming", "ultralight", "mechanical", "ergonomic", "4k", "wireless"]),
    ("phone accessories", [("phone case", 18), ("usb c charger", 25), ("screen protector", 12),
                           ("power bank", 40)],
     ["voltix", "shieldo", "grippa", "amperly", "novacell", "tekko"],
     ["fast charging", "slim", "rugged", "magnetic", "clear", "braided"]),
    ("running", [("running shoes", 110), ("trail shoes", 130), ("running socks", 14),
                 ("running jacket", 85)],
     ["stridex", "pacer", "velox", "terrafoot", "kinetiq", "swiftrun"],
     ["lightweight", "cushioned", "waterproof", "breathable", "reflective", "mens", "womens"]),
    ("kitchen", [("coffee maker", 75), ("blender", 65), ("electric kettle", 40), ("toaster", 45)],
     ["brewmaster", "kitchara", "vitamix", "cuisina", "hearthly", "morningco"],
     ["stainless steel", "programmable", "compact", "glass", "cordless", "retro"]),
    ("home", [("desk lamp", 35), ("pillow", 30), ("throw blanket", 40), ("area rug", 120)],
     ["lumen", "cozynest", "softhaus", "woolmark", "dwello", "nordby"],
     ["led", "memory foam", "cotton", "washable", "dimmable", "wool"]),
    ("outdoor", [("tent", 180), ("sleeping bag", 90), ("hiking backpack", 80),
                 ("water bottle", 22)],
     ["summitry", "trailhead", "alpenro", "campfly", "ridgeway", "boreal"],
     ["ultralight", "insulated", "waterproof", "2 person", "stainless steel", "packable"]),
    ("toys", [("building blocks", 45), ("jigsaw puzzle", 20), ("board game", 35),
              ("plush toy", 18)],
     ["brickly", "playfox", "toyvana", "gamewise", "snugglo", "kidzen"],
     ["1000 piece", "educational", "family", "wooden", "giant", "travel"]),
    ("beauty", [("shampoo", 12), ("face cream", 28), ("perfume", 65), ("hair dryer", 55)],
     ["lumea", "verdana", "silkora", "glowe", "aurum", "purell"],
     ["organic", "sulfate free", "unscented", "travel size", "ionic", "vegan"]),
    ("fitness", [("yoga mat", 30), ("dumbbells", 60), ("resistance bands", 20),
                 ("kettlebell", 45)],
     ["flexa", "ironclad", "zenfit", "powerhaus", "corestrong", "motivo"],
     ["non slip", "adjustable", "extra thick", "cast iron", "set of 5", "eco"]),
    ("office", [("notebook", 9), ("gel pen", 8), ("desk chair", 190), ("planner", 16)],
     ["scriptor", "inkwell", "deskmate", "papyra", "workwell", "notara"],
     ["dotted", "refillable", "ergonomic", "leather", "weekly", "black ink"]),
    ("pets", [("dog bed", 55), ("cat tree", 85), ("dog leash", 18), ("pet bowl", 15)],
     ["pawly", "furrend", "tailwag", "whiskerco", "barkley", "petopia"],
     ["orthopedic", "washable", "retractable", "stainless steel", "large", "small"]),
]

COLORS = ["black", "white", "red", "blue", "green", "grey", "pink", "silver", "navy", "beige"]

# Relative traffic of categories: a handful of categories dominate, as in real shops.
CATEGORY_WEIGHTS = [1.6, 1.4, 1.3, 1.1, 1.0, 1.0, 0.8, 0.8, 0.7, 0.7, 0.6, 0.6]
