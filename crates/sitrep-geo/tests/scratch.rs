#[test]
fn scratch() {
    let kb = sitrep_kb::Kb::embedded().unwrap();
    let geo = sitrep_geo::Geocoder::new(&kb);
    let g = sitrep_geo::Gazetteer::get();
    for name in ["Russian", "Iraqi", "Washington", "American"] {
        for i in g.lookup(name) {
            println!("{name}: {:?}", g.entry(i));
        }
        println!("{name} => {:?}", geo.resolve_name(name, &Default::default(), None).map(|p| p.location));
    }
    println!("RU {:?}", g.country("RU"));
}
