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

diesel::allow_tables_to_appear_in_same_query!(
    regions,
    departements,
    communes,
    institutions,
    zonages,
    zonage_communes
);
