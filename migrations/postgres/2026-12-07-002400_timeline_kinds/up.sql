-- timeline_events.kind becomes a closed list (domain::request::TimelineKind). Events written
-- by earlier versions of the demo seed carried the slug of their action ("deposer",
-- "orienter", …): they are changes of state, which the application records as "transition".
UPDATE timeline_events
SET kind = 'transition'
WHERE kind NOT IN ('transition', 'qualification', 'lot', 'message', 'document', 'assignation',
                   'prochaine-action', 'engagement', 'projet');
