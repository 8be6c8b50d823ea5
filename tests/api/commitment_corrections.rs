//! Correcting a recorded milestone (issue 15): an agent of the granting institution who
//! recorded a milestone by mistake corrects it with a mandatory reason; the correction is kept
//! (who, when, from, to, why), shown under the milestone on every commitment page and in the
//! request's timeline. Nothing to correct before it is recorded; another institution: 404.

use crate::commitment_helpers::{get, milestones};
use crate::commitments::granted;
use crate::request_helpers::demo;
use crate::session_helpers::*;

const REASON: &str = "Le versement a été rejeté par la banque.";

fn corrections(app: &crate::helpers::TestApp) -> Vec<(String, String, String)> {
    use diesel::prelude::*;
    use guichet::db::schema::milestone_corrections as c;
    let mut conn = app.pool.get().expect("connexion");
    c::table
        .order(c::corrected_at)
        .select((c::from_status, c::to_status, c::reason))
        .load(&mut conn)
        .expect("corrections")
}

#[tokio::test]
async fn an_agent_corrects_a_recorded_milestone_and_the_history_keeps_why() {
    let app = crate::helpers::spawn_app_seeded().await;
    let g = granted(&app).await;
    let record = format!("/partenaire/engagements/echeances/{}", g.milestone);
    let fix = format!("{record}/corriger");

    // Not recorded yet: nothing to correct.
    let r = post_form(&app, &g.cpam, &fix, &[("statut", "missed"), ("motif", "x")]).await;
    assert_eq!(r.status(), 409);
    let (_, page) = get(&app, &g.cpam, "/partenaire/engagements").await;
    assert!(
        !page.contains(&fix),
        "no correction form for a pending milestone"
    );

    let met = [("statut", "met"), ("commentaire", "Versement effectué.")];
    assert_eq!(post_form(&app, &g.cpam, &record, &met).await.status(), 303);
    let (_, page) = get(&app, &g.cpam, "/partenaire/engagements").await;
    assert!(
        page.contains(&format!("action=\"{fix}\"")),
        "the correction form"
    );

    // The reason is mandatory; the same status is no correction: 422 beside each field.
    let r = post_form(&app, &g.cpam, &fix, &[("statut", "missed"), ("motif", " ")]).await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("corps");
    assert!(
        body.contains(&format!("id=\"motif-{}-error\"", g.milestone)),
        "{body}"
    );
    assert!(body.contains("Indiquez pourquoi vous corrigez"));
    assert!(
        body.contains("value=\"missed\" selected"),
        "the choice kept"
    );
    let r = post_form(&app, &g.cpam, &fix, &[("statut", "met"), ("motif", REASON)]).await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("corps");
    assert!(body.contains(&format!("id=\"correction-{}-error\"", g.milestone)));
    assert!(
        body.contains(REASON) || body.contains("rejeté par la banque"),
        "kept"
    );
    assert_eq!(milestones(&app)[0].2, "met", "unchanged");

    // Another institution's agent: 404, nothing changed.
    let ars = demo(&app, "agent.ars-dd13@demo.test").await;
    let r = post_form(&app, &ars, &fix, &[("statut", "missed"), ("motif", REASON)]).await;
    assert_eq!(r.status(), 404);
    assert!(corrections(&app).is_empty());

    // Corrected: met → missed, kept with its reason, shown everywhere.
    let r = post_form(
        &app,
        &g.cpam,
        &fix,
        &[("statut", "missed"), ("motif", REASON)],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/partenaire/engagements?ok=echeance-corrigee");
    assert_eq!(milestones(&app)[0].2, "missed");
    let change = format!("tenue → non tenue — {REASON}");
    let (_, theirs) = get(
        &app,
        &g.cpam,
        "/partenaire/engagements?ok=echeance-corrigee",
    )
    .await;
    assert!(theirs.contains("Corrigée le 10 mars 2026"), "{theirs}");
    assert!(theirs.contains(&change));
    let (_, mine) = get(&app, &g.pro, "/engagements").await;
    assert!(mine.contains("Corrigée le 10 mars 2026") && mine.contains(&change));
    let (_, request) = get(&app, &g.pro, &format!("/demandes/{}", g.id)).await;
    assert!(
        request.contains(&format!("corrigée : {change}")),
        "the timeline"
    );
    assert!(request.contains("Non tenue"));

    // Back to pending (recorded too early): recordable again, the whole history kept.
    let early = [("statut", "pending"), ("motif", "Enregistrée trop tôt.")];
    assert_eq!(post_form(&app, &g.cpam, &fix, &early).await.status(), 303);
    assert_eq!(milestones(&app)[0].2, "pending");
    let (_, theirs) = get(&app, &g.cpam, "/partenaire/engagements").await;
    assert!(
        theirs.contains(&format!("action=\"{record}\"")),
        "the record form again"
    );
    assert!(theirs.contains("non tenue → à venir — Enregistrée trop tôt."));
    let kept: Vec<(String, String)> = corrections(&app)
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect();
    let expected = [("met", "missed"), ("missed", "pending")].map(|(a, b)| (a.into(), b.into()));
    assert_eq!(kept, expected);
}
