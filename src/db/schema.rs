//! One portable schema for both backends (Text, Integer, BigInt, Bool, Timestamp only).

diesel::table! {
    regions (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    departements (code) {
        code -> Text,
        name -> Text,
        region_code -> Text,
    }
}

diesel::table! {
    communes (insee) {
        insee -> Text,
        name -> Text,
        search_name -> Text,
        departement_code -> Text,
        region_code -> Text,
        postal_codes -> Text,
        population -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    institutions (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        region_code -> Nullable<Text>,
        departement_code -> Nullable<Text>,
        profession -> Nullable<Text>,
        email -> Text,
        phone -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    zonages (id) {
        id -> Text,
        region_code -> Text,
        profession -> Text,
        valid_from -> Text,
        valid_to -> Nullable<Text>,
        source -> Text,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    zonage_communes (zonage_id, insee) {
        zonage_id -> Text,
        insee -> Text,
        zone_set -> Text,
    }
}

diesel::joinable!(departements -> regions (region_code));
diesel::joinable!(zonage_communes -> zonages (zonage_id));
diesel::joinable!(communes -> departements (departement_code));

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Nullable<Text>,
        first_name -> Text,
        last_name -> Text,
        role -> Text,
        profession -> Nullable<Text>,
        situation -> Nullable<Text>,
        professional_number -> Nullable<Text>,
        institution_id -> Nullable<Text>,
        region_code -> Nullable<Text>,
        email_verified_at -> Nullable<Timestamp>,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    user_departements (user_id, departement_code) {
        user_id -> Text,
        departement_code -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        token_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        idle_expires_at -> Timestamp,
        absolute_expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        user_agent -> Text,
    }
}

diesel::table! {
    user_tokens (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        purpose -> Text,
        new_email -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        token_hash -> Text,
        user_id -> Text,
        name -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    rate_limits (bucket) {
        bucket -> Text,
        window_start -> Timestamp,
        hits -> Integer,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        at -> Timestamp,
        event -> Text,
        actor_id -> Nullable<Text>,
        subject_id -> Nullable<Text>,
        ip -> Nullable<Text>,
        detail -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        template -> Text,
        to_address -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        attachment_name -> Nullable<Text>,
        attachment_content_type -> Nullable<Text>,
        attachment_body -> Nullable<Text>,
    }
}

diesel::table! {
    permanence_sessions (id) {
        id -> Text,
        region_code -> Text,
        departement_code -> Text,
        title -> Text,
        mode -> Text,
        address -> Nullable<Text>,
        video_url -> Nullable<Text>,
        details -> Text,
        starts_at -> Timestamp,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    permanence_session_institutions (session_id, institution_id) {
        session_id -> Text,
        institution_id -> Text,
    }
}

diesel::table! {
    permanence_slots (id) {
        id -> Text,
        session_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        capacity -> Integer,
        booked -> Integer,
    }
}

diesel::table! {
    permanence_bookings (id) {
        id -> Text,
        slot_id -> Text,
        user_id -> Text,
        request_id -> Nullable<Text>,
        created_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
        reminder_sent_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(permanence_session_institutions -> permanence_sessions (session_id));
diesel::joinable!(permanence_session_institutions -> institutions (institution_id));
diesel::joinable!(permanence_slots -> permanence_sessions (session_id));
diesel::joinable!(permanence_bookings -> permanence_slots (slot_id));
diesel::joinable!(permanence_bookings -> users (user_id));

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(user_departements -> users (user_id));
diesel::joinable!(user_tokens -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(users -> institutions (institution_id));

diesel::allow_tables_to_appear_in_same_query!(
    regions,
    departements,
    communes,
    institutions,
    users,
    user_departements,
    sessions,
    user_tokens,
    api_tokens,
    rate_limits,
    audit_events,
    outbox,
    zonages,
    zonage_communes,
    permanence_sessions,
    permanence_session_institutions,
    permanence_slots,
    permanence_bookings
);
