//! Coding an event mention into ACLED's event type and sub-event type.
//!
//! Two kb sources name what happened: weapons (`kb/weapons.csv`, each with
//! the sub-event type of an attack by that means) and event words
//! (`kb/lexicon.csv`, class `event`, the value being the sub-event type:
//! "recaptured" → Government regains territory, "tear gas" → Protest with
//! intervention). The rules here combine them with the actors of the
//! mention, in the order of `docs/taxonomy.md`:
//!
//! 1. protests: with deaths, injuries or gunfire → Excessive force against
//!    protesters; with rioting → Violent demonstration; with tear gas,
//!    dispersal or arrests → Protest with intervention; else Peaceful protest;
//! 2. riots and mob violence without a protest word;
//! 3. disrupted weapons use ("intercepted", "defused") over the weapon it
//!    disrupted;
//! 4. sexual violence, abduction;
//! 5. territory: taken by a state force → Government regains territory, by
//!    anyone else → Non-state actor overtakes territory;
//! 6. remote violence by its weapon (air/drone strike, shelling, IED,
//!    suicide bomb, grenade, chemical weapon);
//! 7. armed clash;
//! 8. a direct attack (gunmen, executions, a knife) on civilians or on nobody
//!    named is Violence against civilians / Attack; on a state force or an
//!    armed group it is an Armed clash (ACLED codes attacks on armed actors
//!    as battles);
//! 9. strategic developments (agreement, arrests, change to group, base
//!    established, looting, non-violent transfer, other).
//!
//! A mention with only "attack", "killed" and the like and no means stays
//! uncoded (`null`): the text does not say how it was done.

use sitrep_core::{Actor, ActorKind, ActorRole};
use sitrep_nlp::lexicon::TermMatch;

pub const PEACEFUL_PROTEST: &str = "Peaceful protest";
pub const PROTEST_INTERVENTION: &str = "Protest with intervention";
pub const EXCESSIVE_FORCE: &str = "Excessive force against protesters";
pub const VIOLENT_DEMONSTRATION: &str = "Violent demonstration";
pub const MOB_VIOLENCE: &str = "Mob violence";
pub const DISRUPTED: &str = "Disrupted weapons use";
pub const GOVERNMENT_REGAINS: &str = "Government regains territory";
pub const NON_STATE_OVERTAKES: &str = "Non-state actor overtakes territory";
pub const ARMED_CLASH: &str = "Armed clash";
pub const ATTACK: &str = "Attack";
pub const ARRESTS: &str = "Arrests";

/// Sub-event types of strategic developments, in the order they win when a
/// mention has several.
const STRATEGIC: &[&str] = &[
    "Agreement",
    ARRESTS,
    "Change to group/activity",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
];

/// Sub-event types that say an event happened on their own (a trigger);
/// "tear gas" or "dispersed" only qualify a protest.
pub fn is_trigger_value(value: &str) -> bool {
    value != PROTEST_INTERVENTION
}

/// What the coder needs to know about one mention.
pub struct MentionFacts<'a> {
    /// Trigger values of the mention: `attack`, `kill`, `injure`, `weak`,
    /// `context`, or a sub-event type from the lexicon's `event` class.
    pub triggers: &'a [TermMatch],
    /// Event words found anywhere in the mention's stretch (qualifiers
    /// such as "tear gas" are not triggers).
    pub event_words: &'a [&'a str],
    /// Sub-event types of the mention's weapons, in text order.
    pub weapon_types: &'a [String],
    pub actors: &'a [Actor],
    /// A killed or injured figure was stated.
    pub casualties: bool,
}

impl MentionFacts<'_> {
    fn has(&self, value: &str) -> bool {
        self.event_words.contains(&value) || self.triggers.iter().any(|t| t.value == value)
    }

    fn has_weapon(&self, value: &str) -> bool {
        self.weapon_types.iter().any(|w| w == value)
    }
}

fn is_state_force(kind: ActorKind) -> bool {
    matches!(kind, ActorKind::State | ActorKind::Military)
}

/// The sub-event type of a mention, or `None` when the text does not say.
pub fn sub_event_type(f: &MentionFacts) -> Option<String> {
    let violent_words = f.casualties
        || f.triggers
            .iter()
            .any(|t| matches!(t.value.as_str(), "kill" | "injure"))
        || f.has_weapon(ATTACK)
        || f.has(EXCESSIVE_FORCE);
    // 1–2. Protests and riots.
    if f.has(PEACEFUL_PROTEST) {
        let code = if f.has(EXCESSIVE_FORCE) || violent_words {
            EXCESSIVE_FORCE
        } else if f.has(VIOLENT_DEMONSTRATION)
            || f.has("Looting/property destruction")
            || f.triggers.iter().any(|t| t.value == "attack")
        {
            VIOLENT_DEMONSTRATION
        } else if f.has(PROTEST_INTERVENTION) || f.has(ARRESTS) {
            PROTEST_INTERVENTION
        } else {
            PEACEFUL_PROTEST
        };
        return Some(code.into());
    }
    if f.has(EXCESSIVE_FORCE) {
        return Some(EXCESSIVE_FORCE.into());
    }
    if f.has(VIOLENT_DEMONSTRATION) {
        return Some(VIOLENT_DEMONSTRATION.into());
    }
    if f.has(MOB_VIOLENCE) {
        return Some(MOB_VIOLENCE.into());
    }
    // 3. An interception or a defused bomb: the attack was prevented.
    if f.has(DISRUPTED) {
        return Some(DISRUPTED.into());
    }
    // 4.
    for code in ["Sexual violence", "Abduction/forced disappearance"] {
        if f.has(code) {
            return Some(code.into());
        }
    }
    // 5. Territory changes hands by force: who took it decides.
    if f.has(GOVERNMENT_REGAINS) || f.has(NON_STATE_OVERTAKES) {
        let taker = f
            .actors
            .iter()
            .find(|a| a.role == ActorRole::Attacker)
            .map(|a| a.kind);
        let code = match taker {
            Some(kind) if is_state_force(kind) => GOVERNMENT_REGAINS,
            Some(_) => NON_STATE_OVERTAKES,
            None if f.has(GOVERNMENT_REGAINS) => GOVERNMENT_REGAINS,
            None => NON_STATE_OVERTAKES,
        };
        return Some(code.into());
    }
    // 6. Remote violence by its means.
    if let Some(w) = f
        .weapon_types
        .iter()
        .find(|w| w.as_str() != ATTACK && w.as_str() != ARMED_CLASH)
    {
        return Some(w.clone());
    }
    // 7.
    if f.has(ARMED_CLASH) || f.has_weapon(ARMED_CLASH) {
        return Some(ARMED_CLASH.into());
    }
    // 8. A direct attack: on armed people it is a battle.
    if f.has(ATTACK) || f.has_weapon(ATTACK) {
        let targets: Vec<ActorKind> = f
            .actors
            .iter()
            .filter(|a| a.role == ActorRole::Target)
            .map(|a| a.kind)
            .collect();
        // A country named as the target stands for its people, not its
        // forces ("an attack on Russia").
        let armed_target = !targets.is_empty()
            && targets
                .iter()
                .all(|k| matches!(k, ActorKind::Military | ActorKind::ArmedGroup));
        return Some(if armed_target { ARMED_CLASH } else { ATTACK }.into());
    }
    // 9. Not when people were killed or hurt: "blasts kill 6 as
    // police announce arrests" is violence whose means the text does not
    // say, not an arrest.
    if violent_words {
        return None;
    }
    STRATEGIC
        .iter()
        .find(|code| f.has(code))
        .map(|code| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(value: &str) -> TermMatch {
        TermMatch {
            start: 0,
            end: 0,
            value: value.into(),
        }
    }

    fn actor(kind: ActorKind, role: ActorRole) -> Actor {
        Actor {
            name: "x".into(),
            role,
            kind,
            country: None,
            kb_id: None,
        }
    }

    fn code(
        triggers: &[&str],
        words: &[&str],
        weapons: &[&str],
        actors: &[Actor],
    ) -> Option<String> {
        let triggers: Vec<TermMatch> = triggers.iter().map(|v| t(v)).collect();
        let weapons: Vec<String> = weapons.iter().map(|w| w.to_string()).collect();
        sub_event_type(&MentionFacts {
            triggers: &triggers,
            event_words: words,
            weapon_types: &weapons,
            actors,
            casualties: false,
        })
    }

    #[test]
    fn protests_are_qualified_by_what_met_them() {
        assert_eq!(
            code(&[PEACEFUL_PROTEST], &[], &[], &[]).as_deref(),
            Some(PEACEFUL_PROTEST)
        );
        assert_eq!(
            code(&[PEACEFUL_PROTEST], &[PROTEST_INTERVENTION], &[], &[]).as_deref(),
            Some(PROTEST_INTERVENTION)
        );
        assert_eq!(
            code(&[PEACEFUL_PROTEST, "kill"], &[], &[], &[]).as_deref(),
            Some(EXCESSIVE_FORCE)
        );
        assert_eq!(
            code(&[PEACEFUL_PROTEST, VIOLENT_DEMONSTRATION], &[], &[], &[]).as_deref(),
            Some(VIOLENT_DEMONSTRATION)
        );
    }

    #[test]
    fn the_taker_decides_territory() {
        let army = [actor(ActorKind::Military, ActorRole::Attacker)];
        let group = [actor(ActorKind::ArmedGroup, ActorRole::Attacker)];
        assert_eq!(
            code(&[NON_STATE_OVERTAKES], &[], &[], &army).as_deref(),
            Some(GOVERNMENT_REGAINS)
        );
        assert_eq!(
            code(&[GOVERNMENT_REGAINS], &[], &[], &group).as_deref(),
            Some(NON_STATE_OVERTAKES)
        );
        assert_eq!(
            code(&[GOVERNMENT_REGAINS], &[], &[], &[]).as_deref(),
            Some(GOVERNMENT_REGAINS)
        );
    }

    #[test]
    fn direct_attacks_on_armed_targets_are_clashes() {
        let soldiers = [actor(ActorKind::Military, ActorRole::Target)];
        let civilians = [actor(ActorKind::Civilians, ActorRole::Target)];
        assert_eq!(
            code(&["kill"], &[], &[ATTACK], &soldiers).as_deref(),
            Some(ARMED_CLASH)
        );
        assert_eq!(
            code(&["kill"], &[], &[ATTACK], &civilians).as_deref(),
            Some(ATTACK)
        );
        assert_eq!(code(&["kill"], &[], &[], &civilians), None);
        assert_eq!(
            code(&["attack"], &[], &["Air/drone strike"], &soldiers).as_deref(),
            Some("Air/drone strike")
        );
        assert_eq!(
            code(
                &[DISRUPTED],
                &[],
                &["Shelling/artillery/missile attack"],
                &[]
            )
            .as_deref(),
            Some(DISRUPTED)
        );
    }
}
