//! One portable schema for both backends (Text, Integer, BigInt, Bool, Timestamp only).

diesel::table! {
    regions (code) {
        code -> Text,
        name -> Text,
        staff_totp_required -> Bool,
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
        directory_key -> Nullable<Text>,
        communes -> Text,
        website -> Text,
        source -> Text,
        note -> Text,
        deactivated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    regional_aid_rules (id) {
        id -> Text,
        region_code -> Text,
        code -> Text,
        body -> Text,
        state -> Text,
        author_id -> Nullable<Text>,
        created_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
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
        last_checked -> Nullable<Text>,
    }
}

diesel::table! {
    zonage_communes (zonage_id, insee) {
        zonage_id -> Text,
        insee -> Text,
        zone_set -> Text,
    }
}

diesel::table! {
    commitments (id) {
        id -> Text,
        request_id -> Text,
        referral_id -> Text,
        institution_id -> Nullable<Text>,
        professional_id -> Text,
        aid_code -> Text,
        version_label -> Text,
        commitment_key -> Text,
        label -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        commune_insee -> Nullable<Text>,
        zone -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    commitment_milestones (id) {
        id -> Text,
        commitment_id -> Text,
        milestone_key -> Text,
        label -> Text,
        due_on -> Date,
        remind_on -> Date,
        status -> Text,
        comment -> Nullable<Text>,
        recorded_by -> Nullable<Text>,
        recorded_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    milestone_corrections (id) {
        id -> Text,
        milestone_id -> Text,
        corrected_by -> Text,
        corrected_by_label -> Text,
        corrected_at -> Timestamp,
        from_status -> Text,
        from_comment -> Nullable<Text>,
        to_status -> Text,
        reason -> Text,
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
        study_year -> Nullable<Integer>,
        installation_date -> Nullable<Date>,
        installation_commune_insee -> Nullable<Text>,
    }
}

diesel::table! {
    profile_changes (id) {
        id -> Text,
        user_id -> Text,
        at -> Timestamp,
        field -> Text,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        changed_by -> Nullable<Text>,
    }
}

diesel::table! {
    request_next_actions (request_id) {
        request_id -> Text,
        due_on -> Date,
        note -> Text,
        set_by -> Nullable<Text>,
        set_at -> Timestamp,
        reminded_on -> Nullable<Date>,
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
    user_totp (user_id) {
        user_id -> Text,
        secret_sealed -> Text,
        confirmed_at -> Nullable<Timestamp>,
        last_step -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    recovery_codes (user_id, code_hash) {
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
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
        expires_at -> Timestamp,
        scope -> Text,
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
    mail_workers (id) {
        id -> Text,
        heartbeat_at -> Timestamp,
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
        region_code -> Nullable<Text>,
        claimed_by -> Nullable<Text>,
    }
}

diesel::table! {
    counters (name) {
        name -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    requests (id) {
        id -> Text,
        number -> Text,
        professional_id -> Text,
        kind -> Text,
        aid_code -> Nullable<Text>,
        state -> Text,
        priority -> Text,
        coordination -> Text,
        referent_id -> Nullable<Text>,
        commune_insee -> Nullable<Text>,
        departement_code -> Nullable<Text>,
        region_code -> Nullable<Text>,
        draft -> Text,
        eligibility_snapshot -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        qualification_due_at -> Nullable<Timestamp>,
        routed_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        search_text -> Text,
        inbox_tab -> Text,
        inbox_due_at -> Timestamp,
        channel -> Nullable<Text>,
        recorded_by -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
    }
}

diesel::table! {
    referrals (id) {
        id -> Text,
        request_id -> Text,
        position -> Integer,
        institution_id -> Nullable<Text>,
        institution_kind -> Text,
        state -> Text,
        removed_at -> Nullable<Timestamp>,
        started_at -> Nullable<Timestamp>,
        due_at -> Nullable<Timestamp>,
        answered_at -> Nullable<Timestamp>,
        answer -> Nullable<Text>,
        decline_reason -> Nullable<Text>,
        agent_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        inbox_tab -> Text,
        inbox_due_at -> Timestamp,
        outcome -> Nullable<Text>,
        amount_cents -> Nullable<BigInt>,
        signed_on -> Nullable<Date>,
        file_number -> Nullable<Text>,
        decision_document_id -> Nullable<Text>,
        rerouted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    standard_replies (id) {
        id -> Text,
        institution_id -> Text,
        title -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    clock_pauses (id) {
        id -> Text,
        request_id -> Text,
        referral_id -> Nullable<Text>,
        started_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    timeline_events (id) {
        id -> Text,
        request_id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_label -> Text,
        kind -> Text,
        summary -> Text,
        referral_id -> Nullable<Text>,
        internal -> Bool,
    }
}

diesel::table! {
    messages (id) {
        id -> Text,
        request_id -> Text,
        referral_id -> Nullable<Text>,
        author_id -> Text,
        body -> Text,
        internal -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    message_reads (message_id, user_id) {
        message_id -> Text,
        user_id -> Text,
        read_at -> Timestamp,
    }
}

diesel::table! {
    attachment_shares (attachment_id, institution_id) {
        attachment_id -> Text,
        institution_id -> Text,
        shared_by -> Nullable<Text>,
        shared_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        request_id -> Text,
        uploader_id -> Text,
        display_name -> Text,
        file_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        storage_name -> Text,
        created_at -> Timestamp,
        scan_state -> Text,
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

diesel::table! {
    routing_overrides (id) {
        id -> Text,
        region_code -> Text,
        departement_code -> Text,
        rule -> Text,
        entries -> Text,
        reason -> Text,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    routing_override_history (id) {
        id -> Text,
        region_code -> Text,
        departement_code -> Text,
        rule -> Text,
        action -> Text,
        before_text -> Text,
        after_text -> Text,
        reason -> Text,
        actor_id -> Nullable<Text>,
        actor_label -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    zonage_imports (id) {
        id -> Text,
        zonage_id -> Text,
        file_name -> Text,
        communes -> Integer,
        unknown_communes -> Integer,
        actor_id -> Nullable<Text>,
        imported_at -> Timestamp,
        file_format -> Text,
        without_zone -> Integer,
        outside_region -> Integer,
    }
}

diesel::table! {
    indicator_snapshots (scope) {
        scope -> Text,
        computed_at -> Timestamp,
        payload -> Text,
    }
}

diesel::table! {
    regional_texts (id) {
        id -> Text,
        region_code -> Text,
        text_key -> Text,
        version -> Integer,
        body -> Text,
        author_id -> Text,
        created_at -> Timestamp,
        restored_from -> Nullable<Integer>,
    }
}

diesel::table! {
    retention_purges (id) {
        id -> Text,
    }
}

diesel::table! {
    erased_accounts (user_id) {
        user_id -> Text,
        erased_at -> Timestamp,
        reason -> Text,
    }
}

diesel::table! {
    projects (id) {
        id -> Text,
        owner_id -> Text,
        title -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    project_requests (request_id) {
        request_id -> Text,
        project_id -> Text,
        added_by -> Nullable<Text>,
        added_at -> Timestamp,
    }
}

diesel::joinable!(erased_accounts -> users (user_id));
diesel::joinable!(permanence_session_institutions -> permanence_sessions (session_id));
diesel::joinable!(permanence_session_institutions -> institutions (institution_id));
diesel::joinable!(permanence_slots -> permanence_sessions (session_id));
diesel::joinable!(permanence_bookings -> permanence_slots (slot_id));
diesel::joinable!(permanence_bookings -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(standard_replies -> institutions (institution_id));
diesel::joinable!(user_departements -> users (user_id));
diesel::joinable!(profile_changes -> users (user_id));
diesel::joinable!(request_next_actions -> requests (request_id));
diesel::joinable!(user_tokens -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(attachment_shares -> attachments (attachment_id));
diesel::joinable!(attachment_shares -> institutions (institution_id));
diesel::joinable!(users -> institutions (institution_id));
diesel::joinable!(referrals -> requests (request_id));
diesel::joinable!(referrals -> institutions (institution_id));
diesel::joinable!(requests -> users (professional_id));
diesel::joinable!(timeline_events -> requests (request_id));
diesel::joinable!(messages -> requests (request_id));
diesel::joinable!(messages -> users (author_id));
diesel::joinable!(message_reads -> users (user_id));
diesel::joinable!(attachments -> requests (request_id));
diesel::joinable!(zonage_imports -> zonages (zonage_id));
diesel::joinable!(regional_texts -> users (author_id));
diesel::joinable!(projects -> users (owner_id));
diesel::joinable!(project_requests -> projects (project_id));
diesel::joinable!(project_requests -> requests (request_id));

diesel::joinable!(commitments -> requests (request_id));
diesel::joinable!(commitment_milestones -> commitments (commitment_id));
diesel::joinable!(milestone_corrections -> commitment_milestones (milestone_id));

diesel::allow_tables_to_appear_in_same_query!(
    profile_changes,
    request_next_actions,
    regions,
    departements,
    communes,
    institutions,
    users,
    user_departements,
    user_totp,
    recovery_codes,
    sessions,
    user_tokens,
    api_tokens,
    attachment_shares,
    rate_limits,
    audit_events,
    mail_workers,
    outbox,
    counters,
    requests,
    referrals,
    clock_pauses,
    timeline_events,
    messages,
    message_reads,
    attachments,
    zonages,
    zonage_communes,
    permanence_sessions,
    permanence_session_institutions,
    regional_aid_rules,
    permanence_slots,
    permanence_bookings,
    routing_overrides,
    routing_override_history,
    zonage_imports,
    indicator_snapshots,
    regional_texts,
    retention_purges,
    erased_accounts,
    commitments,
    commitment_milestones,
    milestone_corrections,
    projects,
    project_requests,
    standard_replies
);
