def with_city(cities, city)
    return [*cities, city]
