// The deterministic corpus generator behind `mikros generate` (see generator.h).
//
// Everything random comes from one xoshiro256** stream per profile, seeded from (seed, index),
// and every distribution is computed here (Box-Muller, inverse-CDF Zipf, order-statistic Beta):
// the standard library's distributions differ between implementations, and the output must not.
// Profiles are built in a reusable Draft and written straight into a byte buffer.
#include "generate/generator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace mikros::tools {
namespace {

// ---------------------------------------------------------------------------------------------
// Word lists. Real words only, separated by whitespace, roughly most frequent first: a list's
// order is its Zipf rank order. Bios draw about half their words from these general lists and the
// rest from the niche lists below.
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kGeneralEn = R"(
and the of a to in my for i with is on you your me all love life lover things who at it be from
this just that we our not but by are about here one more new living good best make every what day
can so always like out up follow have do get will mom wife dad husband mama or if as an was they
he she them their there when how now its home time world people little big real free full part way
lots much many some any other only also still even first last next few own same each both again
never ever around through into over after before between without under while where why which than
then too very really well back off down together enthusiast addict junkie obsessed aspiring
certified founder creator storyteller dreamer wanderer believer advocate daily journal stories
sharing inspired inspiration tips ideas simple happy beautiful kind curious passionate proud
grateful blessed lucky crazy wild sweet soft slow honest everyday mostly sometimes currently
formerly based collabs inquiries business contact email shop link below latest welcome hello hey
hi friends family community everyone fellow human mother father sister brother daughter son kids
baby girl boy woman man lady gentleman queen king babe chaos mess heart soul mind body spirit
energy vibes mood dreams goals plans adventures moments memories journey story project projects
work job career office studio team club crew squad tribe house city town village country state
island coast beach mountain mountains forest river lake sea ocean sun moon stars sky light dark
colour color colours colors worlds planet earth nature animal animals plant plants flower flowers
tree trees garden gardens season summer winter spring autumn fall weekend weekends morning
mornings night nights evening afternoon today tomorrow yesterday year years month months week
weeks hour hours minute minutes second seconds moment forever someday anywhere everywhere nowhere
somewhere something everything nothing anything someone anyone nobody somebody yourself myself
ourselves themselves itself himself herself another such whatever whenever wherever however though
although because since until unless except besides beyond within across against along among behind
beneath beside despite during inside outside toward towards upon via per plus minus made making
take took taken taking give gave given giving go went gone going come came coming see saw seen
seeing know knew known knowing think thought thinking look looked looking want wanted wanting use
used using find found finding tell told telling ask asked asking worked working seem seemed feel
felt feeling try tried trying leave left leaving call called calling keep kept keeping let begin
began beginning help helped helping talk talked talking turn turned turning start started starting
show showed shown showing hear heard hearing play played playing run ran running move moved moving
live lived believe believed bring brought happen happened write wrote written writing provide sit
sat stand stood lose lost losing pay paid meet met include included continue continued set learn
learned learning change changed lead led understand understood watch watched watching followed
following stop stopped create created creating speak spoke spoken read reading allow allowed add
added spend spent grow grew grown growing open opened opening walk walked walking win won winning
offer offered remember remembered consider appear appeared buy bought buying wait waited serve
served die sent send sending expect build built building stay stayed fell cut reach kill remain
suggest raise pass passed sell sold require report decide pull return explain hope hoped develop
carry break broke broken receive agree support supported hit produce eat ate eating cover catch
caught draw drew drawing choose chose chosen cause point listen listening realize place placed
close closed involve increase contain wish wished share shared dance danced dancing sing sang
singing laugh laughed laughing smile smiled smiling cry cried travel traveled traveling travelling
explore explored exploring discover discovered discovering enjoy enjoyed enjoying design designed
designing cook cooked cooking bake baked baking clean cleaned cleaning paint painted painting sew
sewing knit knitting fix fixed fixing planted planting swim swam swimming ride rode riding climb
climbed climbing hike hiked hiking lift lifting train trained training study studied studying
teach taught teaching coach coaching film filmed filming shoot shooting edit edited editing post
posted posting stream streamed streaming record recorded recording wear wore worn wearing style
styled styling collect collected collecting save saved saving rescue rescued adopt adopted
celebrate celebrated inspire empower empowering heal healing breathe breathing rest resting thrive
thriving wander wandering chase chasing escape escaping slowing pause notice noticed person thing
case group problem fact hand hands eye eyes face head feet foot arm arms leg legs side end number
ways area areas system question questions issue issues money service services car cars door window
room rooms table chair bed kitchen bathroom yard street road roads streets corner market markets
store stores school schools college university class classes student students teacher teachers
book books paper letter letters music song songs movie movies films shows game games sport sports
teams player players food foods water coffee tea wine beer bread cake pizza pasta rice soup salad
fruit fruits chocolate breakfast lunch dinner brunch snack snacks drink drinks meal meals recipe
recipes dog dogs cat cats horse horses bird birds fish pet pets puppy kitten friend friendship
partner boyfriend girlfriend fiance fiancee bride groom wedding weddings birthday party parties
holiday holidays vacation trip trips flight flights hotel hotels camera cameras phone phones
computer laptop internet online offline website blog vlog podcast channel page account profile
photo photos picture pictures image images video videos content creators brand brands product
products review reviews collab collaboration partnership sponsor price prices deal deals sale
sales gift gifts clothes clothing dress dresses shirt shirts shoes boots jacket jackets jeans hat
hats bag bags ring rings necklace jewelry jewellery art artist artists designer designers craft
crafts maker makers handmade homemade vintage modern classic minimal minimalist cozy cosy quiet
loud bold bright calm warm cool cold hot fresh green blue red pink yellow orange purple black
white gray grey brown gold golden silver natural organic local global urban rural coastal tropical
northern southern eastern western small large tiny huge short long tall high low deep wide young
old older younger early late fast quick easy hard strong weak healthy fit busy lazy bored tired
sleepy hungry thirsty sad angry funny silly serious weird strange normal special perfect favorite
favourite favorites favourites amazing awesome great nice lovely pretty cute gorgeous stunning
fancy elegant chic casual comfy comfortable affordable expensive cheap budget luxury premium
unique rare original authentic genuine creative artistic musical poetic magical mystical spiritual
mindful thoughtful playful joyful peaceful hopeful helpful useful careful wonderful powerful
colorful colourful fearless endless timeless effortless hopeless restless homeless careless
harmless brave bravest boldest neighborhood neighbourhood history culture cultures language
languages tradition traditions religion faith church god grace peace joy fun happiness sadness
fear courage strength power freedom justice truth beauty wisdom knowledge skill skills talent
talents passion purpose meaning balance harmony health wealth success growth progress future past
present generation education science technology environment climate weather rain snow wind storm
sunshine sunset sunsets sunrise sunrises view views scenery landscape landscapes places spaces
space details detail texture textures pattern patterns shape shapes line lines circle square third
fourth fifth hundred thousand million billion half quarter double single couple dozen pair pairs
plenty enough less least most fewer further farther oh yes yeah nope okay ok wow hooray cheers
thanks thank please sorry goodbye bye hustle hustler grind grinding boss bosses leader leaders
mentor mentors coaches expert experts specialist specialists consultant consultants professional
professionals beginner beginners newbie amateur learner lifelong nerd nerds geek geeks fan fans
fanatic lovers seeker seekers explorer explorers traveler travelers traveller travellers wanderers
dreamers believers survivor survivors warrior warriors fighter fighters champion champions rebel
rebels misfit misfits introvert extrovert optimist realist perfectionist overthinker part-time
full-time self-taught small-town big-city graduate alumni alumnus intern manager director editor
writer writers author authors poet poets journalist reporter host hosts producer producers
engineer engineers developer developers nurse nurses doctor doctors lawyer lawyers accountant
librarian chef chefs baker bakers barista baristas farmer farmers gardener gardeners builder
builders carpenter mechanic pilot driver sailor soldier veteran volunteer volunteers activist
activists organizer organiser cofounder owner owners entrepreneur entrepreneurs freelancer
freelancers photographer photographers model models actor actress dancer dancers singer singers
musician musicians drummer guitarist pianist stylist stylists american british canadian australian
irish scottish welsh english french spanish mexican italian german dutch swedish norwegian danish
finnish polish greek turkish brazilian argentinian colombian chilean peruvian japanese korean
chinese taiwanese thai indian nigerian kenyan african european asian latina latino caribbean north
south east west northwest northeast southwest southeast midwest pacific atlantic january february
march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday zero two three four five six seven eight nine ten eleven twelve
twenty thirty forty fifty action activity actually address admit adult advance advice afford
afraid age agency agent ago ahead aim air alive almost alone already alright amount ancient anger
angle announce annual answer anxiety anxious apart apartment apparently apple apply approach
approve argue arrive arrival article aside asleep assume attach attempt attend attention attitude
attract audience average avoid award aware awareness awful badly balcony ball band bank bar bare
barely base basic basically basket battle bear beat became become bedroom behave behavior belief
bell belong bench benefit berry bet bike bill bit bite bitter blank blanket blend bless blind
block blood bloom blossom blow board boat bone bonus borrow bottle bottom bounce bowl box brain
branch breath breeze brick bridge brief brilliant broad brush bubble bucket bug bunch burn burst
bus bush butter button cabin cable calendar camp campus candle candy cap capital captain capture
card care carpet carrot cart cash castle cave ceiling cell center centre century certain chain
chalk challenge chance chapter character charge charm chart check cheek cheese cherry chest
chicken chief child childhood children chill choice chop citizen civil claim clay clear clever
click client cliff clock cloth cloud clouds coat code coin collar comfort comment common company
compare complete complex concept concert confidence connect connection consistent constant cookie
copy core corn cost cotton couch count course court cousin crack crash cream credit crisp crop
cross crowd crown crystal cup cupboard current curtain curve custom customer cycle damage damp
danger dare data date dawn dear debt decade decent decision decor defend degree delicate delight
deliver demand desert deserve desk diary diet difference direction dirt dirty discount dish
distance dive divide doll dollar dot dough draft drama dream dresser drift drill drop drum dry
duck dust duty eager ear earn easily edge effect effort egg elbow electric element elevator
emotion empty encourage enemy engine entire entry equal error essay essential estate event
evidence exact example excellent exchange excited exciting exercise exist exit express extra
fabric fair fairy fame farm fashion favor feast feature fee fence festival fever field figure fill
final finally finish fire firm flag flame flat flavor flavour floor flour flow fluffy fly focus
fog fold folk fond forget forgive fork form fortune forward frame fridge front frost fuel fully
fund fur gain gallery gap gas gate gather gear gentle ghost giant glad glass glow glue goal goat
golf gossip grab grade grain grand grandma grandpa grass gratitude grave greet grill grocery
ground guard guess guest guide guitar habit hair hall handle hang harbor harbour hate heat heaven
heavy helmet hero hidden hide hill hint hobby hold hole hollow holy honey hook horizon hug humble
humor humour hunt hurry hurt ice idea ideal identity ill imagine impact improve inch income indeed
indoor industry inner insect insight instance instead interest invite iron item jar jazz join joke
judge juice jump jungle junior keen key kick kid kiss knee knife knock label lace ladder lamp land
lane laundry lawn layer leaf lean leather lecture lemon lesson level library lid limit linen lip
liquid list load loan lock lonely loose machine magazine magic mail main major male manage manner
map marble mark master match material matter meadow measure medal medium melt member memory
mention menu mercy message metal method middle midnight mild milk mine mint mirror miss mission
mistake mix mode monster moral motion motor mount mouse mouth movement mud mug muscle museum
mystery nail narrow nation native neat neck needle neighbor neighbour nerve nest net network noise
noon nose note novel nut object officer oil olive onion opinion option order ordinary organ outfit
oven pace pack package pad pain palace palm pan panel parent park parking path patient peach peak
pearl pen pencil pepper perfume period permit piano picnic pie piece pile pillow pin pine pipe
pitch plain plan plate platform pleasure pocket poem poetry pole pond pool pop porch port portrait
pose position pot potato pottery pour powder practice praise prayer prepare pride print prize
process profit program promise proof proper property protect pure purse push puzzle quality quest
quilt quote race radio rainbow range rapid raw razor ready reason relax release relief remote rent
repair repeat reply reset respect result retreat reward rhythm rich riddle right rise risk ritual
rival robot rock roll roof root rope rose rough round route routine royal rubber rug rule rush
rust sail salt sand sandwich sauce scale scarf scene scent schedule scissors score scratch screen
seat secret seed sense series shade shadow shake sharp shelf shell shelter shine ship shock shore
shoulder shower sick sign signal silence silk sink size sketch skin skirt sleep sleeve slice slide
slip smell smoke smooth snake soap sock sofa soil solid solution sour source spark speech speed
spice spider spin spoon spot spread stable stage stair stamp star steam steel step stick stitch
stock stone stool stove straight straw stretch string stripe stuff suit sugar summit supply sure
surface surprise sweater sweep swing symbol tail tale tank tape taste tax tear teeth temple tender
tent term test text theme theory thick thin thread thrill throat ticket tide tie tiger tight tile
till timber tip toast toe tone tongue tool tooth top topic torch total touch tough tour towel
tower toy track trade trail treasure treat trend trial trick trophy trouble truck trust tube tune
tunnel twin twist ugly umbrella uncle union unit update upper upset usual valley value van vase
velvet venue version vessel victory vinegar violin visit visitor voice volume vote wagon wall
wallet war wardrobe wash waste wave wax web weight wheel whisper whistle wing wire wise witness
wolf wonder wood wooden wool worry worth wrap wrist yarn yoga yogurt youth zone ability able
absence absolute absorb abstract abundance abundant academy accent accept access accident
accompany accomplish accurate achieve achievement acid acquire acre active adapt addition
additional adequate adjust administration admire advantage adventurous advertise affair affect
affection afterward agenda aggressive aircraft airline aisle alarm alcohol alert alien align alley
alliance alongside alphabet alter altitude amazed ambition ambitious amuse amusement analysis
ancestor anchor angel ankle anniversary announcement annoy apology appeal appetite applause
appliance appointment appreciate apprentice approval apron aquarium arch architect architecture
arena argument arise armchair aroma arrange arrangement arrow artwork ascend ash ashamed aspect
assemble assembly asset assignment assist assistant associate assure astonish atmosphere attic
auction aunt avenue awake awaken axis backyard bacon badge baggage bald bamboo banana bandage
banner banquet barn barrel basin bathe bay beam bean beard beast beef beetle behalf berries
beverage bicycle bid billboard biography biscuit blade blame blaze bleach blessing blink bliss
blizzard blond blueberry blues blur boast bolt bond bonfire bookcase bookmark boom boost booth
border boredom bother boundary bouquet bow bowling bracelet braid brake brass bravery brisk
broccoli bronze brook broom browser buddy buffet bulb bullet bump bundle burden burger burrow
butterfly cabbage cactus cafeteria cage calculate calculator calf camel campaign canal cancel
candidate capable cape caravan cardboard cargo carnival carol carriage carve cascade cashier
casserole cassette catalog category caterpillar cattle cauliflower caution cautious cedar
celebrity celery cellar cement ceramic cereal ceremony chalkboard champagne chandelier chant
chapel charcoal charming cheat cheerful cheerleader chess chestnut chew chimney chin chip chord
chorus cider cinema circus citrus clarity claw cleaner clerk clinic clip cloak clover clown clue
cluster coal cobblestone cocoa coconut coffeehouse coil collapse colleague collector colony column
combine comet commander commute companion compete competition complaint compliment compose
concentrate concern conclude concrete condition conductor cone confess conference confident
confirm conflict confuse congratulate conquer conscience consent conserve constellation construct
consult consume contest context continent contract contrast contribute convenient conversation
convince cooker coral cord corduroy cork corridor costume cough counselor counter countryside
courtyard cove coward crab cradle craftsman cranberry crane crate crater crayon creamy creation
creature creek cricket crime crimson critic crocodile crouch crowded crunchy cuddle cucumber
cultivate cupcake cure curl cushion cutlery cylinder daisy dam dandelion darling dash database
daydream dazzle deadline debate decorate decoration dedicate deer defeat definition delay
delighted democracy dense dentist deny depart departure depth descend describe description desire
destiny detect determine devote dew diamond dictionary differ digest dignity diligent dim dime
dine diner dinosaur diploma direct disappear disaster discuss disease disguise dismiss display
distant distinct district disturb ditch diver divine dizzy dock dolphin dome domestic donkey
doorbell doorway dormitory doubt dove downstairs downtown drag dragon drain drawer dread dreamy
drench drizzle drought drowsy duckling dune dusk dwell dye eagle earnest earring earthquake easel
echo eclipse economy edition educate eel effective efficient elastic elder elect elephant elevate
elf embrace embroider emerald emerge emergency emperor empire employ enchant encounter endure
energetic engage enormous enthusiasm envelope envy episode equator equipment erase errand
escalator essence eternal evaluate evergreen evolve excursion exhale exhausted exhibit exotic
expand expedition experiment export exquisite extend fable facility factory fade faint familiar
fare farewell fascinate fasten fate faucet feather federal feeble fern fertile fetch fiddle fierce
fig fingerprint firefly fireplace firework fisherman fist flake flannel flash flask flatter flee
fleece flexible flicker float flock flood florist flourish flute foggy foliage folklore follower
fondue footstep forecast forehead foreign forge formula fortress fossil fountain fox fraction
fragile freckle freight frequent fright frog frown frozen fudge funeral fungus furnace fuzzy
galaxy gallop garage garlic gasp gaze gem generous genius geography geology gesture giggle ginger
giraffe glacier glance glare glimmer glimpse globe gloom glorious glove gnome goggles goose
gorilla gown graceful gradual grandchild granite grape grapefruit grasp grasshopper gravity gravy
greenhouse greeting grief grin grip groceries grove growl guardian guilty gulf gust habitat
haircut hallway hammer hammock handkerchief handshake handsome handwriting hardship harp harvest
hatch haunt hawk hazard hazel headline heap heartbeat hedge heel height heir helicopter hemisphere
herb herd hermit hesitate hinge hip hippo historian hive hockey honor hood hoof hop hostage
household hover humid hummingbird hunger hurricane hut hydrant hymn iceberg icicle icon ignite
illness illusion imitate immense import impress incense indigo infant inform inhabit inhale
inherit initial injure inn innocent insist inspect install instinct instrument insult intense
interrupt interview invent invention investigate invitation iris irony ivory ivy jaguar jam
janitor jaw jelly jellyfish jewel jigsaw jockey jog jolly jug juggle juicy jumpsuit kangaroo
kettle kidney kingdom kit kite kitchenware knapsack kneel knight knob knot koala lab labor lagoon
lantern lap lasagna latitude lava lavender leap leash lemonade leopard lettuce liberty lighthouse
lilac lily limb limestone linger lion literature litter lizard lobster locker locket lodge loft
lollipop longitude lotion lottery loyal lullaby lumber lunar lung lyric magnet magnify mailbox
majesty mammal mango mansion maple marigold marine marmalade marsh mascot mast mattress mayor maze
meaningful meditate melody melon memorial mend merchant mermaid merry mesh messenger meteor
microphone microscope midday migrate milestone mill mimic miner mineral miracle miserable mist
mitten moat modest moisture mold molecule monarch monk monkey monument moose mop morsel mosaic
mosquito moss motto mound mountaineer mourn moustache muffin mule mushroom mussel mustard mutual
mythology nap napkin narrator navigate navy nectar negotiate neighborly nephew newspaper nickname
niece nightingale noble nod noodle notebook nugget nutmeg oak oar oasis oatmeal obey observe
obstacle occasion octopus odor offspring omelet opera opponent orbit orchard orchid organize
ornament orphan ostrich otter outcome outline outlook overcome overflow overlook owl oyster
padlock pageant pajamas pancake panda panic panther parachute parade paragraph parcel parsley
passenger pasture patience patrol pavement paw peacock peanut pear pebble pedal peel pelican
penguin peninsula perch perform persuade petal pharmacy pheasant phrase pickle pier pigeon pilgrim
pillar pineapple pinwheel pioneer pirate pistachio pitcher plank plateau playground plaza pledge
plum plumber plume plunge pollen polite pomegranate poncho pony popcorn poppy porcelain porridge
postcard poster pouch poultry prairie precious predict preserve pretzel prince princess principal
prism prompt propeller prosper proverb prune pudding puddle pulse pumpkin punch pupil puppet
pursue pyramid quail quarrel quartz quench quiver raccoon radiant radish raft rafter rainfall
raisin rake ramble ranch raspberry rattle ravine realm recycle reef reflect refresh refuge regret
rehearse reindeer rejoice relative relish remedy renew reptile restore revive rhinoceros ribbon
ripple robin rocket rodeo rooster rosemary rowboat ruby rudder ruin ruler rumble saddle safari
saffron saga sailboat salmon salon sandal sapphire satchel sausage saxophone scallop scarecrow
scholar scooter scout scramble scroll seal seashell seaside seaweed sequel serene serpent sesame
settle shallow shampoo shark shawl shepherd shield shipwreck shrub shrug sigh silverware simmer
siren skate skeleton skunk skyline skyscraper sled sleet slipper slope sloth slumber snail sneaker
sneeze snorkel snowflake snowman soar solar sonnet sorrow souvenir sow spaghetti sparkle sparrow
spatula spectacle spiral splash spool sprinkle sprout spruce squash squirrel stadium stagecoach
stallion stapler starfish statue steady steeple stingray stork strawberry stroll sturdy submarine
suburb suitcase sunbeam sundae sunflower sunlight supper surf surgeon swamp swan sweatshirt swift
sycamore syrup tablecloth tadpole tambourine tangerine tapestry tavern teacup teapot telescope
temper tempest terrace thicket thimble thistle thorn thunder thyme tiara timid toad tomato
tortoise toucan tractor traffic trampoline tranquil trellis trolley trombone trout trumpet trunk
tuba tulip turban turkey turnip turtle tuxedo twig typewriter umpire unicorn uniform universe
utensil vacuum valentine vault veil vendor verse vest veterinarian viaduct vine vineyard violet
visor volcano voyage waffle waiter walnut walrus wand warden wasp watermelon weave wheelbarrow
whisk widow willow windmill windowsill wizard woodpecker woodland workshop wreath wren yacht yawn
yolk zebra zeal zenith zest zigzag zipper zucchini acrobat advisor ambassador analyst anchorwoman
archaeologist astronaut attorney auditor babysitter banker bartender beekeeper blacksmith
bookkeeper botanist brewer broker butcher butler cameraman caretaker cartographer caterer
chauffeur chemist choreographer clergyman columnist commentator contractor courier decorator
deputy detective dietitian diplomat dispatcher economist electrician engraver examiner fashionista
firefighter fisher forester gamekeeper geologist glazier goldsmith hairdresser handyman harpist
herbalist housekeeper instructor interpreter jeweler juggler landlord landscaper lecturer
lifeguard linguist locksmith magician mason mathematician midwife miller missionary navigator
novelist nutritionist optician paramedic pastor pharmacist philosopher physician physicist planner
politician preacher printer professor psychologist publisher quilter rancher receptionist referee
salesman secretary shoemaker smith sprinter surveyor technician therapist translator trucker
typist upholsterer usher violinist waitress weaver welder seashore windowpane sunroom birdsong
moonlight starlight raindrop wildflower heartfelt homesick daybreak nightfall snowfall sunburn
campground fieldwork handcraft keepsake lighthearted notebook overjoyed peppermint riverside
roadside sandcastle shoreline songbird springtime summertime wintertime teatime treehouse
waterside weekday wholehearted
)";

constexpr std::string_view kGeneralEs = R"(
y de la el en mi con para los las un una que por amor vida todo todos del al es lo me más mis tu
tus su sus nuevo nueva mejor día días siempre aquí casa mundo mujer madre mamá papá hijos hija
hijo familia amigos viaje libre feliz bonito bonita real pequeño grande fotos cosas gente tiempo
hoy cada momento momentos corazón alma sueños creadora creador contenido estilo diario vivir hacer
compartir amante apasionada apasionado enamorada curiosa consciente sencillo sencilla natural
hecho mano historias ideas consejos colaboraciones contacto correo tienda enlace abajo bienvenidos
hola comunidad juntos humana humano persona personas ciudad pueblo país mar playa montaña campo
sol luna cielo estrellas luz color colores flores jardín verano invierno primavera otoño fin
semana mañana noche tarde año años mes semana hora ahora nunca también solo sola muy poco mucho
mucha menos bien mal siempre juntos lento lenta rápido fácil difícil nuevo viejo antiguo moderno
clásico único especial perfecto favorito favorita increíble precioso bonitos buena bueno buenas
buenos rico rica caliente frío verde azul rojo rosa blanco negro dorado paz alegría esperanza
fuerza libertad belleza salud crecer aprender enseñar crear soñar viajar cocinar leer escribir
bailar cantar correr caminar descubrir disfrutar cuidar reír respirar sentir pensar ser estar
tener hay dar ver mirar buscar encontrar seguir empezar terminar trabajo proyecto marca marcas
reseñas regalo regalos precio oferta sorteo novedades calidad diseño arte música libro libros café
pan comida agua vino
)";

constexpr std::string_view kGeneralFr = R"(
et de la le les des en mon ma mes avec pour un une du au aux sur dans par amour vie tout tous
toute est je tu il elle nous vous ils pas plus moins très bien jour jours toujours ici maison
monde femme mère maman papa enfants fille fils famille amis voyage libre heureuse heureux joli
jolie vrai petit petite grand grande photos choses gens temps aujourd'hui chaque moment moments
cœur âme rêves créatrice créateur contenu style quotidien vivre faire partager passionnée
passionné amoureuse curieuse simple naturel naturelle fait main histoires idées conseils
collaborations contact mail boutique lien dessous bienvenue bonjour coucou communauté ensemble
humain personne ville village pays mer plage montagne campagne soleil lune ciel étoiles lumière
couleur couleurs fleurs jardin été hiver printemps automne week-end matin soir nuit année années
mois semaine heure maintenant jamais aussi seul seule peu beaucoup lent lente rapide facile
difficile nouveau nouvelle vieux ancien moderne classique unique spécial parfait préféré préférée
incroyable magnifique belle beau bon bonne doux douce chaud froid vert bleu rouge rose blanc noir
doré paix joie espoir force liberté beauté santé grandir apprendre enseigner créer rêver voyager
cuisiner lire écrire danser chanter courir marcher découvrir profiter prendre soin rire respirer
sentir penser être avoir donner voir regarder chercher trouver suivre commencer finir travail
projet marque marques avis cadeau cadeaux prix offre concours nouveautés qualité design art
musique livre livres café pain cuisine eau vin fromage
)";

constexpr std::string_view kGeneralDe = R"(
und der die das in mit für ein eine von zu auf im am ist ich du wir ihr sie mein meine dein deine
unser liebe leben alles alle mehr weniger sehr gut tag tage immer hier zuhause welt frau mutter
mama papa kinder tochter sohn familie freunde reise frei glücklich schön echt klein kleine groß
große fotos dinge menschen zeit heute jeder moment momente herz seele träume kreativ inhalt stil
alltag leben machen teilen leidenschaft verliebt neugierig einfach natürlich handgemacht
geschichten ideen tipps kooperationen kontakt anfragen shop link unten willkommen hallo
gemeinschaft zusammen mensch stadt dorf land meer strand berge natur sonne mond himmel sterne
licht farbe farben blumen garten sommer winter frühling herbst wochenende morgen abend nacht jahr
jahre monat woche stunde jetzt nie auch allein wenig viel langsam schnell leicht schwer neu alt
modern klassisch einzigartig besonders perfekt lieblings unglaublich wunderschön gemütlich warm
kalt grün blau rot rosa weiß schwarz golden frieden freude hoffnung kraft freiheit schönheit
gesundheit wachsen lernen lehren kochen backen lesen schreiben tanzen singen laufen wandern
entdecken genießen lachen atmen fühlen denken sein haben geben sehen suchen finden folgen anfangen
arbeit projekt marke marken bewertungen geschenk geschenke preis angebot gewinnspiel neuheiten
qualität design kunst musik buch bücher kaffee brot essen wasser wein
)";

constexpr std::string_view kGeneralPt = R"(
e de a o em meu minha com para os as um uma que por amor vida tudo todos do da no na é eu você nós
mais menos muito bem dia dias sempre aqui casa mundo mulher mãe mamãe papai filhos filha filho
família amigos viagem livre feliz bonito bonita real pequeno pequena grande fotos coisas gente
tempo hoje cada momento momentos coração alma sonhos criadora criador conteúdo estilo diário viver
fazer compartilhar apaixonada apaixonado curiosa consciente simples natural feito mão histórias
ideias dicas parcerias contato email loja link abaixo bem-vindos olá comunidade juntos humano
pessoa pessoas cidade interior país mar praia montanha campo sol lua céu estrelas luz cor cores
flores jardim verão inverno primavera outono fim semana manhã noite tarde ano anos mês hora agora
nunca também só pouco lento devagar rápido fácil difícil novo velho antigo moderno clássico único
especial perfeito favorito favorita incrível lindo linda boa bom gostoso quente frio verde azul
vermelho rosa branco preto dourado paz alegria esperança força liberdade beleza saúde crescer
aprender ensinar criar sonhar viajar cozinhar ler escrever dançar cantar correr caminhar descobrir
aproveitar cuidar rir respirar sentir pensar ser estar ter dar ver olhar buscar encontrar seguir
começar trabalho projeto marca marcas resenhas presente presentes preço oferta sorteio novidades
qualidade design arte música livro livros café pão comida água vinho
)";

constexpr std::string_view kGeneralIt = R"(
e di la il le i in mio mia miei con per un una che da del della al alla è io tu noi voi amore vita
tutto tutti più meno molto bene giorno giorni sempre qui casa mondo donna madre mamma papà figli
figlia figlio famiglia amici viaggio libera libero felice bello bella vero piccolo piccola grande
foto cose gente tempo oggi ogni momento momenti cuore anima sogni creatrice creatore contenuti
stile quotidiano vivere fare condividere appassionata appassionato innamorata curiosa consapevole
semplice naturale fatto mano storie idee consigli collaborazioni contatti email negozio link sotto
benvenuti ciao comunità insieme umano persona persone città paese mare spiaggia montagna campagna
sole luna cielo stelle luce colore colori fiori giardino estate inverno primavera autunno fine
settimana mattina sera notte anno anni mese ora adesso mai anche solo sola poco lento lenta veloce
facile difficile nuovo nuova vecchio antico moderno classico unico speciale perfetto preferito
preferita incredibile meraviglioso buono buona caldo freddo verde blu rosso rosa bianco nero
dorato pace gioia speranza forza libertà bellezza salute crescere imparare insegnare creare
sognare viaggiare cucinare leggere scrivere ballare cantare correre camminare scoprire godere
curare ridere respirare sentire pensare essere avere dare vedere guardare cercare trovare seguire
iniziare lavoro progetto marchio marchi recensioni regalo regali prezzo offerta novità qualità
design arte musica libro libri caffè pane cibo acqua vino
)";

// Japanese, Chinese and Thai are written without spaces between words: bios in these languages
// join the words of a phrase directly (the analyzer's dictionary segmentation has to split them).
constexpr std::string_view kGeneralJa = R"(
大好き 日常 毎日 好き 暮らし 投稿 趣味 写真 記録 気まぐれ 更新 ゆるく 楽しい 日々 週末 休日 在住
主婦 ママ 会社員 学生 お仕事 依頼 ご連絡 お気軽に フォロー 歓迎 よろしく お願いします 最近 今日
ときどき のんびり シンプル 丁寧な 自分 家族 子ども 夫 友達 季節 春 夏 秋 冬 朝 夜 お家 部屋
お気に入り 素敵 かわいい 幸せ 笑顔 元気 大切 心地よい 発信 情報 おすすめ 紹介 ブログ 日記
)";

constexpr std::string_view kGeneralZh = R"(
生活 分享 日常 喜欢 热爱 记录 美好 每天 合作 请联系 私信 博主 快乐 周末 简单 慢慢 努力 认真
女孩 妈妈 家人 朋友 孩子 城市 世界 时光 故事 灵感 推荐 好物 真实 温柔 自由 梦想 阳光 季节
春天 夏天 秋天 冬天 早餐 晚上 今天 一起 关注 欢迎 交流 小日子 幸福 治愈 可爱 舒服 用心 认识
)";

constexpr std::string_view kGeneralTh = R"(
ชีวิต รีวิว ชอบ ทุกวัน แบ่งปัน สาย ติดต่องาน กรุงเทพ มีความสุข เที่ยว ร้าน ของดี แนะนำ ประจำวัน
เรื่อง ครอบครัว เพื่อน ลูก แม่ ความรัก ยิ้ม สบาย ง่ายๆ น่ารัก สวย ตลอด วันหยุด สุดสัปดาห์ ตอนเช้า
ฝัน ใจดี อบอุ่น เรียบง่าย ธรรมชาติ บ้าน ทะเล ภูเขา เมือง งาน ทำ ช่วง ใหม่ ล่าสุด ติดตาม
)";

constexpr std::string_view kGeneralKo = R"(
일상 기록 좋아요 협찬 문의 서울 맞팔 소통 데일리 사랑 행복 매일 주말 오늘 가족 친구 아이 엄마
아빠 소소한 하루 취미 사진 감성 기분 좋은 예쁜 귀여운 편안한 따뜻한 새로운 추천 리뷰 환영
팔로우 환영합니다 함께 꿈 봄 여름 가을 겨울 아침 저녁 우리 집 계절 여유 천천히 진심
)";
// Text in each supported bio language (whitespace-separated, most common first).
struct PerLang {
  std::string_view en = {}, es = {}, fr = {}, de = {}, pt = {}, it = {}, ja = {}, zh = {}, th = {},
                   ko = {};
};

// One niche: the words, tags and audience that profiles of this niche share.
struct NicheSpec {
  std::string_view key;
  std::string_view categories;  // '|'-separated labels, the main one first
  double weight;                // relative share among all profiles
  // Relative affinity for instagram, tiktok, youtube, twitter, twitch: the platform is drawn
  // first (to keep the platform mix exact) and the niche then in proportion to weight x affinity.
  std::array<double, 5> affinity;
  double female;                  // typical female share of the audience
  double age_center;              // typical audience age, as an index into kAgeBands (0 = 13-17)
  PerLang words;                  // bio words
  std::string_view tags;          // hashtags in every language, most used first
  PerLang local_tags;             // hashtags in the profile's own language (en unused)
  std::string_view handle_words;  // ASCII words that creators of the niche put in handles
  std::string_view emoji;
  std::string_view brands;   // '|'-separated brand names for sponsored posts
  std::string_view related;  // keys of niches a second niche is drawn from
};

constexpr NicheSpec kNiches[] = {
    {.key = "fashion",
     .categories = "fashion|style|lifestyle|outfits",
     .weight = 9,
     .affinity = {1, 1, 0.5, 0.2, 0.02},
     .female = 0.82,
     .age_center = 1.6,
     .words =
         {
             .en = R"(fashion style outfit outfits look looks wardrobe closet styling stylist trends
             trend streetwear denim jeans dress dresses blazer sneakers heels boots loafers knit
             knitwear tailoring tailored silhouette neutral neutrals layering layered accessories
             jewelry earrings handbag handbags tote outfit details fit fits chic elegant effortless
             polished runway designer designers couture boutique editorial fitting fabric fabrics
             cashmere linen leather suede satin silk cotton wool trench coat coats cardigan sweater
             skirt skirts trousers shorts blouse tee tees hoodie jacket jackets sunglasses belt
             scarf scarves wearable everyday casual formal workwear weekend monochrome palette print
             prints stripes florals plaid pleated oversized cropped fitted relaxed petite curvy
             tall inclusive sizes size mirror selfie dressing combos pairing matching staple
             staples investment pieces piece shopping wishlist lookbook season collection
             collections launch drop sale sales dressed pairings proportions hemline waist
             neckline sleeves collar buttons pockets trims texture textures tones muted bold
             statement minimalist maximalist preppy grunge classic timeless modern feminine
             masculine androgynous model modeling photoshoot magazine catwalk)",
             .es = "moda estilo look looks armario tendencias vestido prendas outfit elegante "
                   "básicos inspiración",
             .fr = "mode style tenue tenues garde-robe tendances robe vêtements élégante chic "
                   "inspiration silhouette",
             .de = "mode stil outfit outfits kleiderschrank trends kleid kleidung lässig elegant "
                   "inspiration",
             .pt = "moda estilo look looks guarda-roupa tendências vestido roupas elegante "
                   "básicos inspiração",
             .it = "moda stile outfit look guardaroba tendenze vestito abiti elegante capi "
                   "ispirazione",
             .ja = "ファッション コーデ 服 着回し プチプラ 大人カジュアル 購入品",
             .zh = "穿搭 时尚 衣服 日常穿搭 风格 搭配",
             .th = "แฟชั่น แต่งตัว เสื้อผ้า ลุค สไตล์",
             .ko = "패션 데일리룩 코디 옷 스타일 오오티디",
         },
     .tags = "ootd fashion style outfitinspo ootd2026 fashionblogger streetstyle whatiwore "
             "outfitoftheday styleinspo fashionista lookbook OOTD instafashion wiwt "
             "styleblogger fashioninspo minimalstyle capsulewardrobe StyleTips",
     .local_tags = {.es = "moda estilo lookdeldia modamujer",
                    .fr = "mode tenuedujour modefemme",
                    .de = "mode outfitdestages modeblogger",
                    .pt = "moda lookdodia modafeminina",
                    .it = "moda outfitdelgiorno stile",
                    .ja = "コーデ ファッション 今日のコーデ プチプラコーデ",
                    .zh = "穿搭 日常穿搭 时尚",
                    .th = "แฟชั่น แต่งตัว",
                    .ko = "데일리룩 오오티디 패션 코디"},
     .handle_words = "style styled closet wardrobe outfits looks chic edit fits wears dressed "
                     "threads mode atelier",
     .emoji = "👗 👠 🖤 ✨ 👜 💅 🤍",
     .brands = "Zara|H&M|Mango|Levi's|Reformation|Madewell|ASOS|Uniqlo|COS|& Other Stories|"
               "Aritzia|Nike|Massimo Dutti|Abercrombie & Fitch|Revolve",
     .related = "beauty travel boho sustainable photography coffee"},

    {.key = "sustainable",
     .categories = "sustainable fashion|fashion|slow fashion|thrifting|vintage",
     .weight = 4,
     .affinity = {1, 0.8, 0.5, 0.2, 0.01},
     .female = 0.85,
     .age_center = 1.8,
     .words =
         {
             .en = R"(slow fashion sustainable thrift thrifted thrifting vintage secondhand preloved
             upcycled upcycling mending visible repair repaired capsule wardrobe ethical
             conscious consumption mindful rewear outfit repeat swap swaps clothing resale
             charity shop shops flea market markets finds sourced sourcing organic cotton linen
             hemp natural dyes dyeing handmade sewing sewist tailor alterations fibres fibers
             circular circularity waste landfill footprint transparency makers garment garments
             workers fair wages living wage slow living minimalism minimalist quality longevity
             durable heirloom timeless wardrobe staples patch patches darning embroidery
             reworked deadstock natural fabrics wool quilt quilted patchwork granny cardigan
             charity donate donations closet cleanout decluttering declutter resell reselling
             seller curated curator archive archival retro decades era seventies sixties
             nineties eighties secondhand september boycott overconsumption greenwashing
             accountability activism climate planet regenerative biodegradable compost
             compostable mended beloved worn loved care repair rental rent borrow borrowing
             swapping community local independent)",
             .es = "moda sostenible lenta segunda mano vintage consumo consciente reciclar "
                   "armario cápsula reparar ropa usada",
             .fr = "mode durable éthique seconde main friperie vintage garde-robe capsule "
                   "consommer moins réparer upcycling",
             .de = "nachhaltige mode fair secondhand vintage kapselgarderobe flohmarkt "
                   "reparieren bewusst konsum",
             .pt = "moda sustentável consciente brechó segunda mão vintage garimpo armário "
                   "cápsula consumo",
             .it = "moda sostenibile etica seconda mano vintage mercatini armadio capsula "
                   "consapevole riuso",
             .ja = "古着 古着好き 古着女子 サステナブル ヴィンテージ 丁寧に 長く着る リメイク",
             .zh = "古着 二手 可持续 复古 旧衣改造 环保",
             .th = "เสื้อผ้ามือสอง วินเทจ ยั่งยืน รักษ์โลก",
             .ko = "빈티지 구제 지속가능한 중고 업사이클링",
         },
     .tags = "slowfashion sustainablefashion thrifted secondhand vintage thriftflip "
             "SlowFashion thrifting preloved upcycling capsulewardrobe ethicalfashion "
             "whomademyclothes consciousfashion slow_fashion secondhandfirst visiblemending "
             "thriftstorefinds fashionrevolution rewear wearitagain vintagestyle "
             "SustainableFashion slowfashionmovement",
     .local_tags = {.es = "modasostenible modalenta segundamano",
                    .fr = "modeethique modedurable secondemain friperie",
                    .de = "nachhaltigemode fairfashion secondhandmode",
                    .pt = "modasustentavel brecho modaconsciente",
                    .it = "modasostenibile vintageitalia",
                    .ja = "古着 古着コーデ 古着女子 サステナブルファッション",
                    .zh = "古着 复古穿搭 可持续时尚",
                    .th = "เสื้อผ้ามือสอง",
                    .ko = "빈티지 구제 빈티지룩"},
     .handle_words = "thrifted threads slowstyle secondhand vintage preloved mended rewear "
                     "conscious slow kind thrifts finds swap worn",
     .emoji = "🌿 ♻️ 🌱 🧵 💚 🪡 🌍",
     .brands = "Patagonia|Eileen Fisher|Pact|Veja|Thought Clothing|People Tree|Kotn|tentree|"
               "Armedangels|Vinted|Depop|ThredUp|Poshmark|Nudie Jeans|Christy Dawn",
     .related = "boho fashion home vegan books"},

    {.key = "haul",
     .categories = "fashion|hauls|shopping",
     .weight = 1.5,
     .affinity = {0.8, 1.6, 1.2, 0.1, 0.02},
     .female = 0.9,
     .age_center = 1.0,
     .words =
         {
             .en = R"(haul hauls unboxing shopping affordable cheap budget try-on trying sizing
             discount code codes coupon cart checkout order ordered package packages arrived
             arrival shipping delivery wishlist dupes dupe steal bargain bargains deals unbox
             review honest rating ratings worth returns sizing fits tops bikinis swimsuits
             rompers sets matching crop trendy viral restock sold weekly every huge massive
             giant mini spree splurge)",
             .es = "haul compras compra barato descuento código pedido probando tallas",
             .fr = "haul achats pas cher réduction code commande essayage tailles",
             .de = "haul einkauf günstig rabatt rabattcode bestellung anprobe größen",
             .pt = "haul comprinhas barato desconto cupom pedido provador tamanhos",
             .it = "haul acquisti economico sconto codice ordine prova taglie",
             .ja = "購入品 爆買い プチプラ 購入品紹介 開封",
             .zh = "开箱 购物 平价 好物分享 试穿",
             .th = "รีวิว ช้อปปิ้ง ของถูก แกะกล่อง",
             .ko = "하울 언박싱 쇼핑 가성비",
         },
     .tags = "haul sheinhaul fashionhaul tryonhaul fastfashion shopping unboxing "
             "SHEINhaul haul2026 sheinfinds temufinds affordablefashion shoppinghaul",
     .local_tags = {.es = "compras ofertas",
                    .pt = "comprinhas achadinhos",
                    .ja = "購入品 購入品紹介",
                    .th = "รีวิว",
                    .ko = "하울 언박싱"},
     .handle_words = "hauls finds shops unboxed deals steals carts buys",
     .emoji = "🛍️ 📦 💸 🛒 😍",
     .brands = "SHEIN|Temu|PrettyLittleThing|Boohoo|Fashion Nova|Romwe|Cider|Halara|Primark",
     .related = "fashion beauty comedy"},

    {.key = "goth",
     .categories = "gothic fashion|fashion|alternative",
     .weight = 0.7,
     .affinity = {1, 1.2, 0.4, 0.3, 0.1},
     .female = 0.7,
     .age_center = 1.2,
     .words =
         {
             .en = R"(goth gothic alternative alt dark darkwave punk victorian romantic lace corset
             corsets velvet platform platforms boots fishnets chains spikes silver occult witchy
             witch coven spooky macabre moody eyeliner lipstick black crosses bats graveyard
             cemetery haunted horror raven ravens candles vampire vampires mourning whimsigoth
             cathedral industrial metal post-punk subculture darkness midnight shadows thorns
             roses skull skulls moth moths tarot)",
             .es = "gótico gótica oscuro alternativa encaje terciopelo negro",
             .fr = "gothique sombre alternative dentelle velours noir",
             .de = "gothic dunkel schwarz alternativ spitze samt",
             .pt = "gótico gótica sombrio alternativo renda veludo preto",
             .it = "gotico gotica oscuro alternativo pizzo velluto nero",
             .ja = "ゴシック 地雷系 黒 ゴスロリ",
             .zh = "哥特 暗黑 黑色 蕾丝",
             .th = "โกธิค สายดาร์ก สีดำ",
             .ko = "고스 다크 블랙",
         },
     .tags = "goth gothic gothfashion altfashion alternative darkfashion gothgirl "
             "gothstyle witchy whimsigoth corporategoth GothFashion",
     .local_tags = {.es = "gotica", .ja = "ゴスロリ 地雷系"},
     .handle_words = "goth raven velvet crypt moth spooky hex coven nocturne",
     .emoji = "🖤 🦇 🕯️ 🥀 🕸️ 🌙",
     .brands = "Killstar|Dolls Kill|Demonia|Disturbia|Dr. Martens|Punk Rave",
     .related = "fashion music art beauty"},

    {.key = "boho",
     .categories = "boho fashion|fashion|lifestyle",
     .weight = 1.2,
     .affinity = {1.2, 0.6, 0.3, 0.1, 0.01},
     .female = 0.85,
     .age_center = 1.7,
     .words =
         {
             .en = R"(boho bohemian free-spirited festival fringe crochet macrame embroidered
             maxi flowy peasant earthy rattan wicker terracotta tassels turquoise sandals
             barefoot wildflowers desert sunset gypsy hippie nomad nomadic layered bangles
             anklets kimono kaftan paisley patterned woven weaving dreamcatcher sage daisies
             golden hour)",
             .es = "boho bohemio bohemia ganchillo flecos festival natural",
             .fr = "bohème boho crochet franges festival naturel",
             .de = "boho häkeln fransen festival natürlich",
             .pt = "boho crochê franjas festival natural",
             .it = "boho uncinetto frange festival naturale",
             .ja = "ボヘミアン ナチュラル 民族調",
             .zh = "波西米亚 复古 自然风",
             .th = "โบฮีเมียน ธรรมชาติ",
             .ko = "보헤미안 내추럴",
         },
     .tags = "boho bohostyle bohemian bohochic bohofashion festivalfashion bohemianstyle "
             "BohoStyle freespirit bohohome",
     .local_tags = {.es = "bohochic", .fr = "bohemechic", .pt = "bohochic"},
     .handle_words = "boho wild sage gypsy desert nomad fringe dune",
     .emoji = "🌼 🌾 🌞 🌵 🪶 🌻",
     .brands =
         "Free People|Spell|Anthropologie|Urban Outfitters|Natalie Martin|Faithfull the Brand",
     .related = "sustainable fashion travel yoga home"},

    {.key = "beauty",
     .categories = "beauty|skincare|makeup",
     .weight = 8,
     .affinity = {1, 1.2, 1, 0.2, 0.05},
     .female = 0.88,
     .age_center = 1.4,
     .words =
         {
             .en = R"(skincare makeup beauty skin glow glowy routine serum serums moisturizer
             cleanser toner sunscreen retinol niacinamide hyaluronic acne texture pores
             hydration hydrated dewy glass foundation concealer blush bronzer highlighter
             contour lipstick lip gloss liner mascara lashes brows eyeshadow palette nails
             manicure nail polish fragrance perfume hair haircare curls curly braids wig wigs
             esthetician dermatologist cosmetic cosmetics clean cruelty-free dupes swatches
             swatch tutorial tutorials shades shade tone undertone melanin mature sensitive
             oily dry combination barrier ingredients ingredient peptides vitamin exfoliate
             exfoliating mask masks lipliner facial facials massage gua sha
             aesthetics blemish spots redness calming soothing brightening flawless natural
             editorial bridal glam artistry artist brushes sponge primer setting spray
             powder matte shimmer glitter pigment pigmented)",
             .es = "maquillaje belleza piel cuidado facial rutina sérum crema labial uñas",
             .fr = "maquillage beauté peau soin routine sérum crème rouge ongles",
             .de = "hautpflege makeup schönheit haut pflege routine serum creme lippenstift",
             .pt = "maquiagem beleza pele skincare rotina sérum hidratante batom unhas",
             .it = "trucco bellezza pelle skincare routine siero crema rossetto unghie",
             .ja = "スキンケア コスメ メイク 美容 肌 プチプラコスメ 化粧水 韓国コスメ",
             .zh = "护肤 美妆 化妆 皮肤 彩妆 口红 精华",
             .th = "สกินแคร์ เครื่องสำอาง แต่งหน้า ผิว บิวตี้",
             .ko = "스킨케어 화장품 메이크업 뷰티 피부 올리브영",
         },
     .tags = "skincare makeup beauty skincareroutine makeuptutorial glowyskin beautytips "
             "kbeauty SkinCare cleanbeauty makeupartist motd grwm nails skincare101 "
             "crueltyfree makeuplook glassskin beautyblogger",
     .local_tags = {.es = "maquillaje belleza cuidadodelapiel",
                    .fr = "beaute maquillage soinvisage",
                    .de = "hautpflege makeup beautyblogger",
                    .pt = "maquiagem beleza skincarebrasil",
                    .it = "trucco bellezza skincareitalia",
                    .ja = "スキンケア コスメ 美容 韓国コスメ",
                    .zh = "护肤 美妆 化妆教程",
                    .th = "สกินแคร์ รีวิวเครื่องสำอาง",
                    .ko = "스킨케어 화장품추천 메이크업"},
     .handle_words = "glow beauty skin makeup glam lashes blush dewy serum gloss",
     .emoji = "💄 ✨ 🧴 💋 🌸 💅",
     .brands = "Glossier|The Ordinary|CeraVe|Fenty Beauty|Rare Beauty|Sephora|Ulta Beauty|"
               "La Roche-Posay|Laneige|COSRX|Innisfree|Drunk Elephant|Summer Fridays|"
               "Charlotte Tilbury|NYX|Maybelline",
     .related = "fashion haul vegan fitness"},

    {.key = "fitness",
     .categories = "fitness|health|wellness",
     .weight = 7,
     .affinity = {1, 1, 0.8, 0.3, 0.1},
     .female = 0.55,
     .age_center = 1.7,
     .words =
         {
             .en = R"(fitness gym workout workouts training strength lifting weights weightlifting
             powerlifting bodybuilding muscle muscles gains protein macros nutrition coach
             trainer personal online program programs reps sets squat squats deadlift
             deadlifts bench press pullups pushups cardio conditioning mobility stretching
             recovery rest progressive overload hypertrophy physique transformation fat loss
             lean bulk bulking cutting calories meal prep healthy habits discipline
             consistency motivation sweat grind results form technique core abs glutes legs
             arms shoulders back chest kettlebell dumbbells barbell plates hiit
             functional athletic athlete sprint endurance stamina pilates calisthenics
             handstand flexibility posture injury rehab physio physiotherapy certified coaching
             clients accountability mindset sleep hydration supplements creatine)",
             .es = "gimnasio entrenamiento fuerza músculo rutina salud nutrición entrenador "
                   "disciplina motivación",
             .fr = "salle entraînement musculation force santé nutrition coach discipline "
                   "motivation sport",
             .de = "fitness training krafttraining muskeln gesundheit ernährung trainer "
                   "disziplin motivation sport",
             .pt = "academia treino musculação força saúde nutrição personal disciplina "
                   "foco hipertrofia",
             .it = "palestra allenamento forza muscoli salute nutrizione allenatore disciplina "
                   "motivazione sport",
             .ja = "筋トレ ダイエット ジム ボディメイク 宅トレ",
             .zh = "健身 减脂 增肌 运动 训练",
             .th = "ออกกำลังกาย ฟิตเนส ลดน้ำหนัก สุขภาพ",
             .ko = "운동 헬스 다이어트 오운완 바디프로필",
         },
     .tags = "fitness gym workout fitnessmotivation fitfam strengthtraining legday "
             "personaltrainer FitnessJourney homeworkout gymlife fitnesscoach healthylifestyle "
             "fitspo gains powerlifting mealprep",
     .local_tags = {.es = "gimnasio entrenamiento vidasana",
                    .fr = "musculation sportalamaison",
                    .de = "fitnessmotivation krafttraining",
                    .pt = "academia treino foconotreino",
                    .it = "palestra allenamento",
                    .ja = "筋トレ ボディメイク 宅トレ",
                    .zh = "健身 减脂",
                    .th = "ออกกำลังกาย",
                    .ko = "오운완 운동하는여자 헬스타그램"},
     .handle_words = "fit lifts strong gains coach gym train sweat iron move",
     .emoji = "💪 🏋️ 🔥 🥗 🏃",
     .brands = "Gymshark|Nike|Adidas|Lululemon|Alo Yoga|MyProtein|Optimum Nutrition|WHOOP|"
               "Fitbit|Peloton|Under Armour|Reebok",
     .related = "running yoga food vegan beauty"},

    {.key = "yoga",
     .categories = "yoga|wellness|mindfulness",
     .weight = 2.5,
     .affinity = {1, 0.6, 0.8, 0.2, 0.05},
     .female = 0.82,
     .age_center = 2.0,
     .words =
         {
             .en = R"(yoga yogi mindfulness meditation breathwork asana asanas vinyasa hatha
             yin restorative ashtanga kundalini flow flows practice mat pose poses stretch
             balance inversions headstand backbend namaste teacher retreat retreats studio
             chakra chakras mantra intention intentions grounding nervous system calm stillness
             presence awareness gratitude journaling self-care healing holistic wellbeing
             wellness ayurveda sound bath reiki spiritual spirituality sacred moon ritual
             rituals embodiment somatic trauma-informed hours certified philosophy sutras
             props blocks bolster savasana sunrise)",
             .es = "yoga meditación respiración práctica bienestar calma equilibrio presente",
             .fr = "yoga méditation respiration pratique bien-être calme équilibre présent",
             .de = "yoga meditation atmung praxis achtsamkeit ruhe balance",
             .pt = "yoga meditação respiração prática bem-estar calma equilíbrio",
             .it = "yoga meditazione respiro pratica benessere calma equilibrio",
             .ja = "ヨガ 瞑想 呼吸 マインドフルネス",
             .zh = "瑜伽 冥想 呼吸 身心",
             .th = "โยคะ สมาธิ ลมหายใจ",
             .ko = "요가 명상 호흡 마음챙김",
         },
     .tags = "yoga yogapractice yogi meditation mindfulness yogateacher yogaeveryday "
             "vinyasa breathwork yogainspiration YogaLife wellness selfcare",
     .local_tags = {.es = "yogaencasa",
                    .fr = "yogafrance",
                    .de = "yogalehrerin",
                    .pt = "yogabrasil",
                    .ja = "ヨガ ヨガインストラクター",
                    .th = "โยคะ",
                    .ko = "요가 요가스타그램"},
     .handle_words = "yoga yogi flow breathe om lotus mindful zen namaste asana",
     .emoji = "🧘 🌿 🕉️ ☀️ 🌙 🤍",
     .brands = "Manduka|Alo Yoga|Lululemon|Liforme|Gaiam|Beyond Yoga|Calm|Headspace",
     .related = "fitness vegan travel boho"},

    {.key = "running",
     .categories = "running|fitness|sports",
     .weight = 2.5,
     .affinity = {1, 0.5, 0.6, 0.8, 0.05},
     .female = 0.5,
     .age_center = 2.1,
     .words =
         {
             .en = R"(running runner runners marathon half marathoner ultra ultrarunning trail
             trails miles mileage kilometers pace tempo intervals long run race races racing
             finish line medal medals personal record splits training block taper carb
             loading fueling gels shoes cushioning road track track workout club coach
             watch heart rate zone easy recovery stride cadence hills sprint
             sprints relay parkrun boston qualifier chicago berlin tokyo london triathlon
             triathlete ironman duathlon cycling swim bike brick endurance)",
             .es = "correr corredora corredor maratón kilómetros ritmo carrera entrenamiento",
             .fr = "course courir coureuse marathon kilomètres allure trail entraînement",
             .de = "laufen läuferin läufer marathon kilometer tempo training wettkampf",
             .pt = "corrida correr corredora maratona quilômetros ritmo treino prova",
             .it = "corsa correre runner maratona chilometri ritmo allenamento gara",
             .ja = "ランニング マラソン ラン トレイルラン",
             .zh = "跑步 马拉松 越野跑 配速",
             .th = "วิ่ง มาราธอน นักวิ่ง",
             .ko = "러닝 마라톤 달리기 러너",
         },
     .tags = "running runner marathon trailrunning runnersofinstagram halfmarathon "
             "marathontraining RunningCommunity ultrarunning runhappy strava parkrun "
             "marathon2026 instarunners",
     .local_tags = {.es = "correr running",
                    .fr = "courseapied",
                    .de = "laufen",
                    .pt = "corrida",
                    .it = "corsa",
                    .ja = "ランニング マラソン",
                    .zh = "跑步",
                    .th = "วิ่ง",
                    .ko = "러닝 러닝크루"},
     .handle_words = "runs runner miles pace stride trail marathon ultra km",
     .emoji = "🏃 👟 🏅 ⏱️ 🥇",
     .brands = "Hoka|Brooks|Asics|Saucony|Garmin|Strava|On|Nike|New Balance|Maurten",
     .related = "fitness outdoors food travel"},

    {.key = "outdoors",
     .categories = "outdoors|hiking|adventure|camping",
     .weight = 3,
     .affinity = {1, 0.5, 1, 0.4, 0.05},
     .female = 0.42,
     .age_center = 2.0,
     .words =
         {
             .en = R"(hiking hiker outdoors outdoor trail trails trek trekking backpacking
             backpack camping campsite tent wild wilderness national parks park summit summits
             peak peaks ridge alpine climbing climber bouldering mountaineering canyon desert
             lakes rivers waterfall waterfalls forest woods campfire stove gear lightweight
             ultralight thru-hike thru-hiker pacific crest appalachian mileage elevation gain
             switchbacks views sunrise wildlife bears birds birding kayak kayaking canoe
             paddle paddling overlanding van vanlife roadtrip roadtrips dirt gravel map
             navigation compass leave no trace stewardship solo female public lands snow ski
             skiing snowboarding splitboard touring scrambling fishing fly)",
             .es = "senderismo montaña aventura naturaleza acampada ruta cumbre bosque",
             .fr = "randonnée montagne aventure nature camping sentier sommet forêt",
             .de = "wandern berge abenteuer natur camping gipfel wald draußen",
             .pt = "trilha trilhas montanha aventura natureza acampamento cume floresta",
             .it = "escursionismo montagna avventura natura campeggio sentiero vetta bosco",
             .ja = "登山 キャンプ アウトドア 山 ソロキャンプ",
             .zh = "徒步 露营 户外 登山 自然",
             .th = "เดินป่า แคมป์ปิ้ง ธรรมชาติ ภูเขา",
             .ko = "등산 캠핑 아웃도어 산",
         },
     .tags = "hiking outdoors camping adventure optoutside naturelovers backpacking "
             "trailrunning mountains hikingadventures getoutside vanlife wildernessculture "
             "HikingTrails nationalparks leavenotrace",
     .local_tags = {.es = "senderismo montaña",
                    .fr = "randonnee montagne",
                    .de = "wandern bergliebe",
                    .pt = "trilha natureza",
                    .it = "montagna escursionismo",
                    .ja = "登山 キャンプ 山登り",
                    .zh = "徒步 露营",
                    .th = "เดินป่า",
                    .ko = "등산 캠핑"},
     .handle_words = "trails wild summit peaks hikes outdoors alpine ridge camp wander north",
     .emoji = "🏔️ 🌲 ⛺ 🥾 🗺️ 🏕️",
     .brands = "Patagonia|The North Face|Arc'teryx|REI|Osprey|Salomon|Merrell|"
               "Black Diamond|Fjällräven|Cotopaxi|AllTrails|Garmin",
     .related = "travel photography running pets"},

    {.key = "travel",
     .categories = "travel|adventure|lifestyle",
     .weight = 7,
     .affinity = {1, 0.8, 1, 0.4, 0.05},
     .female = 0.6,
     .age_center = 1.8,
     .words =
         {
             .en = R"(travel traveler travels traveling wanderlust adventure adventures explore
             exploring destinations destination countries passport flights airport airports
             layover itinerary itineraries guide guides tips budget luxury backpacker
             backpacking solo couple digital nomad remote abroad expat hidden gems local
             culture cultures food hotels hotel hostels hostel resort resorts villa island
             islands beaches coastline road trip roadtrip cities city break weekend getaway
             getaways europe asia africa americas latin japan italy greece portugal mexico
             bali thailand iceland slow travel sustainable tourism itinerary planning packing
             carry-on miles points lounge stays boutique views rooftop sunsets postcards
             journal journals maps wander roam continents souvenirs markets street food
             language learning temples ruins museums scenic train trains ferry cruise)",
             .es = "viajes viajar viajera viajero aventura destinos mundo escapada ruta guía",
             .fr = "voyage voyager voyageuse aventure destinations monde escapade itinéraire "
                   "guide",
             .de = "reisen reise weltenbummler abenteuer reiseziele welt urlaub route tipps",
             .pt = "viagem viagens viajar viajante aventura destinos mundo roteiro dicas",
             .it = "viaggi viaggiare viaggiatrice avventura destinazioni mondo itinerario "
                   "guida",
             .ja = "旅行 旅 国内旅行 海外旅行 絶景 旅好き",
             .zh = "旅行 旅游 攻略 打卡 风景 出发",
             .th = "เที่ยว ท่องเที่ยว ทริป ที่พัก",
             .ko = "여행 여행스타그램 해외여행 국내여행",
         },
     .tags = "travel wanderlust travelgram travelphotography instatravel traveltheworld "
             "travelblogger exploremore solotravel travelcouple beautifuldestinations "
             "TravelTips digitalnomad travel2026 passportready",
     .local_tags = {.es = "viajes viajar",
                    .fr = "voyage voyager",
                    .de = "reisen reiseblogger",
                    .pt = "viagem viajar",
                    .it = "viaggi viaggiare",
                    .ja = "旅行 旅行好きな人と繋がりたい",
                    .zh = "旅行 旅游攻略",
                    .th = "เที่ยว",
                    .ko = "여행 여행스타그램"},
     .handle_words = "wanders travels roams nomad passport away journeys abroad globe atlas",
     .emoji = "✈️ 🌍 🧳 🗺️ 🌴 📍",
     .brands = "Airbnb|Booking.com|Expedia|Away|Samsonite|GetYourGuide|Hostelworld|"
               "Lonely Planet|Marriott Bonvoy|Skyscanner|Tourism Australia|Visit Portugal",
     .related = "photography food outdoors coffee fashion"},

    {.key = "food",
     .categories = "food|cooking|recipes",
     .weight = 6,
     .affinity = {1, 1, 1, 0.4, 0.1},
     .female = 0.62,
     .age_center = 2.1,
     .words =
         {
             .en = R"(food foodie recipes recipe cooking cook home chef kitchen meals dinners
             weeknight easy quick healthy comfort delicious tasty flavor flavors spices spice
             seasonal ingredients produce farmers market pasta noodles dumplings ramen tacos
             burgers pizza sushi curry stew soups salads bowls grilling barbecue smoked
             roasted sauteed braised fermentation pickles pantry cast iron skillet wok
             homemade from scratch family meal prep leftovers budget restaurant restaurants
             eats review reviews tasting plating cuisine cuisines street eats
             brunch dessert desserts snacks appetizers cookbook cookbooks tasting menu
             wine pairing cocktails mocktails dishes heritage traditional fusion)",
             .es = "comida recetas cocina cocinar casera sabores platos fácil rico delicioso",
             .fr = "cuisine recettes cuisiner maison saveurs plats facile gourmand délicieux",
             .de = "essen rezepte kochen küche hausgemacht lecker gerichte einfach gesund",
             .pt = "comida receitas cozinha cozinhar caseira sabores pratos fácil gostoso",
             .it = "cibo ricette cucina cucinare fatto casa sapori piatti facile buonissimo",
             .ja = "料理 レシピ おうちごはん 自炊 グルメ 食べ歩き",
             .zh = "美食 食谱 做饭 家常菜 探店 好吃",
             .th = "อาหาร สูตรอาหาร ทำอาหาร ของกิน ร้านอร่อย",
             .ko = "요리 레시피 집밥 맛집 먹스타그램",
         },
     .tags = "food foodie recipes homecooking foodphotography easyrecipes dinnerideas "
             "foodstagram cooking yum foodblogger mealprep comfortfood FoodLover eeeeeats",
     .local_tags = {.es = "recetas comidacasera",
                    .fr = "recette cuisinemaison",
                    .de = "rezepte kochen",
                    .pt = "receitas comidacaseira",
                    .it = "ricette cucinaitaliana",
                    .ja = "おうちごはん 料理 レシピ",
                    .zh = "美食 家常菜",
                    .th = "อาหาร ร้านอร่อย",
                    .ko = "먹스타그램 맛집 집밥"},
     .handle_words = "eats cooks kitchen table bites plates feast recipes spoon fork hungry",
     .emoji = "🍝 🥘 🍜 🌮 🍳 😋",
     .brands = "HelloFresh|Le Creuset|KitchenAid|Instacart|Blue Apron|Staub|Lodge|"
               "Maldon|Thermomix|OXO",
     .related = "baking vegan coffee travel parenting"},

    {.key = "vegan",
     .categories = "vegan|food|plant-based",
     .weight = 2,
     .affinity = {1, 0.8, 0.8, 0.5, 0.05},
     .female = 0.7,
     .age_center = 1.7,
     .words =
         {
             .en = R"(vegan plant-based plants veggies vegetables vegetarian tofu tempeh lentils
             chickpeas beans legumes oats oat milk cashew nutritional yeast dairy-free
             gluten-free whole foods wholefood nourish nourishing bowls smoothie smoothies
             greens kale spinach avocado hummus falafel seitan jackfruit animals animal
             rights compassion cruelty ethical sustainable zero waste climate friendly budget
             protein macros iron recipes)",
             .es = "vegano vegana vegetal sin lácteos legumbres recetas saludable compasión",
             .fr = "végane végétal végétarien sans lactose légumineuses recettes sain",
             .de = "vegan pflanzlich vegetarisch tierfrei hülsenfrüchte rezepte gesund",
             .pt = "vegano vegana vegetal sem lactose leguminosas receitas saudável",
             .it = "vegano vegana vegetale senza lattosio legumi ricette sano",
             .ja = "ヴィーガン 菜食 プラントベース 野菜",
             .zh = "素食 纯素 植物基 蔬菜",
             .th = "วีแกน มังสวิรัติ อาหารเจ ผัก",
             .ko = "비건 채식 비건레시피 채소",
         },
     .tags = "vegan plantbased veganfood veganrecipes whatveganseat vegetarian "
             "plantbaseddiet govegan VeganFoodShare crueltyfree",
     .local_tags = {.es = "veganismo recetasveganas",
                    .fr = "vegane",
                    .de = "veganerezepte",
                    .pt = "veganismo",
                    .it = "ricettevegane",
                    .ja = "ヴィーガン",
                    .zh = "素食",
                    .th = "วีแกน",
                    .ko = "비건"},
     .handle_words = "vegan plants green sprout veggie leafy plantbased kind",
     .emoji = "🌱 🥑 🥦 💚 🌿",
     .brands = "Oatly|Beyond Meat|Impossible Foods|Alpro|Violife|Huel|Daring|Follow Your Heart",
     .related = "food fitness yoga sustainable beauty"},

    {.key = "baking",
     .categories = "baking|food|desserts",
     .weight = 2,
     .affinity = {1, 1, 0.8, 0.2, 0.1},
     .female = 0.78,
     .age_center = 2.2,
     .words =
         {
             .en = R"(baking baker bake bakes sourdough starter loaf loaves crumb bread breads
             pastry pastries croissants laminated dough cakes cake cookies cookie brownies
             pies pie tarts tart cupcakes frosting buttercream decorating piping sprinkles
             ganache chocolate vanilla cinnamon rolls muffins scones biscuits butter flour
             sugar oven proof proofing knead kneading crust meringue macarons cheesecake
             layer birthday wedding cakes custom orders cottage bakery patisserie
             pâtissier)",
             .es = "repostería hornear pan masa madre tartas galletas dulces pastelería",
             .fr = "pâtisserie boulangerie pain levain gâteaux biscuits viennoiseries",
             .de = "backen brot sauerteig kuchen kekse torten konditorei",
             .pt = "confeitaria pão fermentação natural bolos biscoitos doces",
             .it = "pasticceria pane lievito madre torte biscotti dolci forno",
             .ja = "お菓子作り パン作り 手作りお菓子 ケーキ",
             .zh = "烘焙 面包 蛋糕 甜点 手作",
             .th = "เบเกอรี่ ขนม เค้ก ขนมปัง",
             .ko = "베이킹 홈베이킹 빵 케이크 디저트",
         },
     .tags = "baking sourdough homebaking bakersofinstagram cakedecorating breadmaking "
             "cookies pastry bakingfromscratch SourdoughBread",
     .local_tags = {.es = "reposteria",
                    .fr = "patisserie",
                    .de = "backen",
                    .pt = "confeitaria",
                    .it = "pasticceria",
                    .ja = "お菓子作り パン作り",
                    .zh = "烘焙",
                    .th = "เบเกอรี่",
                    .ko = "홈베이킹"},
     .handle_words = "bakes baker crumb loaf sourdough sweet flour oven sugar",
     .emoji = "🍰 🥐 🍪 🧁 🥖",
     .brands = "King Arthur Baking|KitchenAid|Nordic Ware|Bob's Red Mill|Ghirardelli|"
               "Wilton|Breadtopia",
     .related = "food coffee parenting home"},

    {.key = "coffee",
     .categories = "coffee|food|lifestyle",
     .weight = 1.5,
     .affinity = {1, 0.6, 0.6, 0.5, 0.1},
     .female = 0.55,
     .age_center = 1.8,
     .words =
         {
             .en = R"(coffee espresso latte lattes cappuccino flat white pour-over filter beans
             roast roaster roasting roastery brew brewing barista cafe cafes café hopping
             specialty single origin grinder extraction crema milk oat foam art cold brew
             matcha chai mug mugs morning ritual moka pot
             tasting notes acidity body sweetness cozy corner)",
             .es = "café cafetería barista tostado espresso granos cafeterías",
             .fr = "café torréfaction barista expresso grains cafés",
             .de = "kaffee rösterei barista espresso bohnen cafés",
             .pt = "café cafeteria barista torra espresso grãos cafés",
             .it = "caffè torrefazione barista espresso chicchi bar",
             .ja = "カフェ カフェ巡り コーヒー 喫茶店 珈琲",
             .zh = "咖啡 咖啡馆 探店 手冲 拿铁",
             .th = "คาเฟ่ กาแฟ คาเฟ่ฮอปปิ้ง ร้านกาแฟ",
             .ko = "카페 카페투어 커피 라떼 디저트카페",
         },
     .tags = "coffee coffeetime specialtycoffee latteart cafehopping coffeelover "
             "baristalife pourover CoffeeAddict coffeeshop",
     .local_tags = {.es = "cafeterias",
                    .fr = "cafe",
                    .de = "kaffeeliebe",
                    .pt = "cafeespecial",
                    .it = "caffe",
                    .ja = "カフェ巡り 喫茶店",
                    .zh = "咖啡 探店",
                    .th = "คาเฟ่",
                    .ko = "카페투어 카페스타그램"},
     .handle_words = "coffee latte brew beans espresso roast cafe cup mocha",
     .emoji = "☕ 🤎 🥐",
     .brands = "Nespresso|Breville|Fellow|Hario|Blue Bottle|Stumptown|Lavazza|illy|"
               "De'Longhi|Oatly",
     .related = "food baking travel books"},

    {.key = "parenting",
     .categories = "parenting|family|lifestyle",
     .weight = 4,
     .affinity = {1, 1, 0.6, 0.5, 0.02},
     .female = 0.85,
     .age_center = 2.2,
     .words =
         {
             .en = R"(motherhood parenting mom mama mum moms mums dad dads fatherhood toddler
             toddlers newborn baby babies pregnancy pregnant postpartum breastfeeding sleep
             naps routine kids children twins homeschool homeschooling gentle parenting
             montessori playroom play activities crafts learning preschool school lunchbox
             lunches family life chaos laundry nursery milestones firsts bedtime stories
             mother father parent parents raising little ones siblings
             sensory screen-free outdoor play adoption foster working stay-at-home
             mental load self-care village)",
             .es = "maternidad mamá niños bebé crianza familia hijos embarazo",
             .fr = "maternité maman enfants bébé parentalité famille grossesse",
             .de = "mamaleben mama kinder baby elternsein familie schwangerschaft",
             .pt = "maternidade mãe crianças bebê maternar família gravidez",
             .it = "maternità mamma bambini neonato genitori famiglia gravidanza",
             .ja = "育児 子育て ママ 赤ちゃん 男の子ママ 女の子ママ",
             .zh = "育儿 宝宝 带娃 亲子 妈妈",
             .th = "แม่ลูก เลี้ยงลูก ลูกน้อย คุณแม่",
             .ko = "육아 아기 육아스타그램 엄마 딸맘 아들맘",
         },
     .tags = "momlife motherhood parenting toddlerlife momblogger dadlife babyboy "
             "babygirl family gentleparenting momsofinstagram MomLife homeschool",
     .local_tags = {.es = "maternidad mamabloguera",
                    .fr = "maman parentalite",
                    .de = "mamaleben elternsein",
                    .pt = "maternidade maedemenino",
                    .it = "mammablogger",
                    .ja = "育児 子育て ママ",
                    .zh = "育儿",
                    .th = "เลี้ยงลูก",
                    .ko = "육아 육아스타그램"},
     .handle_words = "mama mom dad littles family nest tribe raising home kids",
     .emoji = "👶 💛 🍼 👨‍👩‍👧 🏡",
     .brands = "Pampers|Huggies|Lovevery|Fisher-Price|The Honest Company|BabyBjörn|Stokke|"
               "Hatch|Target|Carter's",
     .related = "food home baking books"},

    {.key = "gaming",
     .categories = "gaming|esports|streaming",
     .weight = 5,
     .affinity = {0.3, 1, 1.5, 1, 8},
     .female = 0.22,
     .age_center = 1.1,
     .words =
         {
             .en = R"(gaming gamer gamers streamer streaming stream streams live twitch variety
             competitive ranked esports tournament tournaments clips highlights speedrun
             speedruns speedrunner shooter shooters strategy indie retro console consoles
             controller keyboard mouse setup rig build playthrough walkthrough lore roleplay
             multiplayer co-op raid raids loot boss bosses quests quest level leveling grind
             grinding clutch headshots aim sniper tank healer support mains main character
             guides tier lists patch meta builds mods modding pixel arcade nintendo
             playstation handheld simulator sandbox survival horror cozy farming
             chill vibes community discord schedule weekly emotes subs followers viewers chat
             caster commentary reviews news leaks)",
             .es = "videojuegos jugador jugadora directos partidas comunidad canal",
             .fr = "jeux vidéo joueur joueuse lives parties communauté chaîne",
             .de = "zocken spiele spieler streams community kanal",
             .pt = "jogos gamer jogadora lives partidas comunidade canal",
             .it = "videogiochi giocatore giocatrice dirette partite community canale",
             .ja = "ゲーム ゲーム実況 配信 ゲーマー",
             .zh = "游戏 直播 电竞 主播 玩家",
             .th = "เกม สตรีมเกม เกมเมอร์",
             .ko = "게임 스트리머 방송 게이머",
         },
     .tags = "gaming gamer twitchstreamer streamer gamingcommunity pcgaming esports "
             "fortnite minecraft valorant cozygames retrogaming nintendoswitch ps5 "
             "GamingSetup indiegames speedrun twitch",
     .local_tags = {.es = "videojuegos",
                    .fr = "jeuxvideo",
                    .de = "zocken",
                    .pt = "jogos",
                    .it = "videogiochi",
                    .ja = "ゲーム実況 ゲーム",
                    .zh = "游戏 电竞",
                    .th = "เกม",
                    .ko = "게임 게임방송"},
     .handle_words = "plays gaming gg live ttv pixel loot quest arcade respawn",
     .emoji = "🎮 🕹️ 👾 🔴 🏆",
     .brands = "Razer|Logitech G|HyperX|Corsair|SteelSeries|Elgato|Secretlab|Red Bull|"
               "G Fuel|NZXT|ASUS ROG|Turtle Beach",
     .related = "tech comedy music art"},

    {.key = "tech",
     .categories = "tech|gadgets|reviews",
     .weight = 4,
     .affinity = {0.5, 0.8, 2, 1.8, 0.5},
     .female = 0.2,
     .age_center = 1.8,
     .words =
         {
             .en = R"(tech technology gadgets gadget reviews unboxing smartphone smartphones
             phone laptop laptops tablet desk setup setups keyboard keyboards mechanical
             monitor headphones earbuds audio smartwatch wearables camera cameras software
             apps app productivity coding code developer programming programmer engineer
             engineering startup startups founder ai machine learning data cloud web
             websites design open source linux python javascript rust robotics hardware
             chips processors benchmarks performance battery charging accessories smart home
             automation cybersecurity privacy security explainers news launches comparisons
             honest buying guide deals specs)",
             .es = "tecnología gadgets reseñas móvil portátil programación inteligencia",
             .fr = "technologie gadgets tests smartphone ordinateur programmation",
             .de = "technik gadgets tests smartphone laptop programmieren",
             .pt = "tecnologia gadgets análises celular notebook programação",
             .it = "tecnologia gadget recensioni smartphone portatile programmazione",
             .ja = "ガジェット テック デスク周り レビュー",
             .zh = "科技 数码 测评 开箱 程序员",
             .th = "ไอที แกดเจ็ต รีวิวมือถือ เทคโนโลยี",
             .ko = "테크 전자기기 리뷰 데스크셋업",
         },
     .tags = "tech technology gadgets techreview desksetup mechanicalkeyboard coding "
             "programming developer ai smartphone TechTok apple android",
     .local_tags = {.es = "tecnologia",
                    .fr = "technologie",
                    .de = "technik",
                    .pt = "tecnologia",
                    .it = "tecnologia",
                    .ja = "ガジェット デスク周り",
                    .zh = "数码 科技",
                    .th = "ไอที",
                    .ko = "테크 데스크테리어"},
     .handle_words = "tech techie gadgets bytes code dev pixel circuit byte hacks",
     .emoji = "💻 📱 ⌨️ 🔌 🤖",
     .brands = "Samsung|Anker|Logitech|Dell|Lenovo|ASUS|Framework|Keychron|Nothing|"
               "Google Pixel|OnePlus|NordVPN|Squarespace|Apple",
     .related = "gaming photography education finance"},

    {.key = "photography",
     .categories = "photography|art|travel",
     .weight = 3,
     .affinity = {1.3, 0.3, 0.8, 0.6, 0.05},
     .female = 0.4,
     .age_center = 1.9,
     .words =
         {
             .en = R"(photography photographer photos shooting shoot film analog analogue
             medium format portraits portrait street landscape landscapes wedding weddings
             editorial commercial product documentary candid golden hour light composition
             lens lenses prime zoom aperture shutter exposure editing presets
             colour grading color grade mirrorless camera drone aerial astrophotography night
             sky long exposure black and white monochrome grain darkroom prints print
             gallery exhibition zine photobook visual storyteller storytelling frames framing
             moments captured capturing available booking bookings)",
             .es = "fotografía fotógrafa fotógrafo retratos analógica luz cámara",
             .fr = "photographie photographe portraits argentique lumière appareil",
             .de = "fotografie fotografin fotograf porträts analog licht kamera",
             .pt = "fotografia fotógrafa fotógrafo retratos analógica luz câmera",
             .it = "fotografia fotografa fotografo ritratti analogica luce fotocamera",
             .ja = "写真 カメラ 写真好きな人と繋がりたい フィルムカメラ ポートレート",
             .zh = "摄影 摄影师 胶片 人像 相机",
             .th = "ถ่ายภาพ ช่างภาพ กล้องฟิล์ม",
             .ko = "사진 필름사진 사진작가 카메라",
         },
     .tags = "photography photographer portraitphotography filmphotography streetphotography "
             "landscapephotography 35mm photooftheday shotoniphone analog LightroomPresets "
             "goldenhour",
     .local_tags = {.es = "fotografia",
                    .fr = "photographie",
                    .de = "fotografie",
                    .pt = "fotografia",
                    .it = "fotografia",
                    .ja = "写真好きな人と繋がりたい カメラ",
                    .zh = "摄影",
                    .th = "ถ่ายภาพ",
                    .ko = "사진 필름카메라"},
     .handle_words = "photo shoots lens frames film shutter light studio captures focus",
     .emoji = "📸 🎞️ 📷 🌅",
     .brands = "Sony|Canon|Nikon|Fujifilm|DJI|Peak Design|Adobe|Moment|Lowepro|Godox|Kodak",
     .related = "travel art outdoors fashion"},

    {.key = "music",
     .categories = "music|musician|singer",
     .weight = 4,
     .affinity = {0.8, 1.3, 1.3, 0.8, 1.5},
     .female = 0.5,
     .age_center = 1.3,
     .words =
         {
             .en = R"(music musician singer songwriter singing songs song guitar guitarist
             bass drums drummer piano pianist producer production beats beatmaker vocals
             vocalist covers cover originals original single album tour touring gigs gig
             shows live acoustic band bands indie pop rock folk jazz soul hip-hop rap rapper
             lyrics lyricist studio session recording mixing mastering synth synths vinyl
             records playlist streaming stage choir orchestra classical violin cello
             composer composing film scores dj djing house techno electronic)",
             .es = "música cantante canciones guitarra álbum gira concierto banda",
             .fr = "musique chanteuse chanteur chansons guitare album tournée concert",
             .de = "musik sängerin sänger lieder gitarre album tour konzert band",
             .pt = "música cantora cantor canções violão álbum turnê show banda",
             .it = "musica cantante canzoni chitarra album tour concerto band",
             .ja = "音楽 歌 弾き語り シンガーソングライター ライブ",
             .zh = "音乐 唱歌 原创 吉他 乐队",
             .th = "เพลง นักร้อง ดนตรี กีตาร์",
             .ko = "음악 노래 커버 버스킹 작곡",
         },
     .tags = "music musician singer songwriter newmusic livemusic guitar cover "
             "singersongwriter producer indiemusic NewMusicFriday vinyl",
     .local_tags = {.es = "musica",
                    .fr = "musique",
                    .de = "musik",
                    .pt = "musica",
                    .it = "musica",
                    .ja = "弾き語り 歌ってみた",
                    .zh = "音乐 原创音乐",
                    .th = "เพลง",
                    .ko = "노래 커버곡"},
     .handle_words = "music sings beats keys tunes sound echo chords vinyl melody",
     .emoji = "🎵 🎸 🎤 🎹 🎧",
     .brands = "Fender|Gibson|Yamaha|Roland|Spotify|Native Instruments|Shure|"
               "Audio-Technica|Focusrite|Ableton|Sennheiser",
     .related = "art gaming comedy fashion"},

    {.key = "books",
     .categories = "books|reading|literature",
     .weight = 2.5,
     .affinity = {1, 1.2, 0.8, 0.9, 0.2},
     .female = 0.78,
     .age_center = 1.5,
     .words =
         {
             .en = R"(books bookish reader readers reading reads bookworm novels novel fiction
             fantasy romance romantasy thriller thrillers mystery literary classics poetry
             memoir nonfiction historical horror sci-fi audiobooks audiobook library
             libraries bookstore bookshop shelves bookshelf annotations annotating reviews
             recommendations book club chapters author authors writing writer debut
             series spicy slow burn enemies lovers found family cozy mysteries kindle
             paperback hardcover arcs)",
             .es = "libros lectura lectora novelas recomendaciones biblioteca reseñas",
             .fr = "livres lecture lectrice romans recommandations bibliothèque chroniques",
             .de = "bücher lesen leserin romane empfehlungen bibliothek rezensionen",
             .pt = "livros leitura leitora romances indicações biblioteca resenhas",
             .it = "libri lettura lettrice romanzi consigli biblioteca recensioni",
             .ja = "読書 本 小説 読書記録 本好き",
             .zh = "读书 书单 阅读 小说 书评",
             .th = "หนังสือ อ่านหนังสือ นิยาย รีวิวหนังสือ",
             .ko = "책 독서 책스타그램 소설",
         },
     .tags = "bookstagram booktok books reading bookworm bookish booklover bookrecommendations "
             "currentlyreading tbr BookTok romancebooks fantasybooks",
     .local_tags = {.es = "libros booktokespañol",
                    .fr = "lecture livres",
                    .de = "bücher lesen",
                    .pt = "livros leitura",
                    .it = "libri lettura",
                    .ja = "読書 読書記録",
                    .zh = "读书",
                    .th = "หนังสือ",
                    .ko = "책스타그램 독서"},
     .handle_words = "reads books pages shelf chapters booked library novel ink",
     .emoji = "📚 📖 ☕ 🕯️",
     .brands = "Audible|Kindle|Bookshop.org|Barnes & Noble|Penguin Random House|HarperCollins|"
               "Book of the Month|Libro.fm",
     .related = "coffee art education home"},

    {.key = "art",
     .categories = "art|illustration|design",
     .weight = 3.5,
     .affinity = {1, 0.8, 0.7, 0.8, 1},
     .female = 0.65,
     .age_center = 1.5,
     .words =
         {
             .en = R"(art artist illustration illustrator drawing drawings painting paintings
             painter watercolor watercolour acrylic oil gouache sketch sketchbook sketches
             ink pen digital procreate animation animator character concept comics comic
             manga fanart commissions commission prints originals ceramics ceramicist pottery
             potter clay wheel glaze kiln sculpture sculptor printmaking linocut murals
             mural graphic designer typography lettering calligraphy embroidery textile
             collage zines studio process timelapse portfolio gallery exhibitions shop
             stickers pins palette canvas)",
             .es = "arte artista ilustración dibujo pintura acuarela cerámica encargos",
             .fr = "art artiste illustration dessin peinture aquarelle céramique commandes",
             .de = "kunst künstlerin illustration zeichnen malerei aquarell keramik",
             .pt = "arte artista ilustração desenho pintura aquarela cerâmica encomendas",
             .it = "arte artista illustrazione disegno pittura acquerello ceramica",
             .ja = "イラスト 絵 絵描き アート 手描き",
             .zh = "插画 绘画 艺术 手绘 画画",
             .th = "ศิลปะ วาดรูป ภาพวาด นักวาด",
             .ko = "그림 일러스트 드로잉 작가",
         },
     .tags = "art artist illustration drawing painting artistsoninstagram sketchbook "
             "digitalart watercolor procreate ceramics commissionsopen ArtistOnInstagram",
     .local_tags = {.es = "arte ilustracion",
                    .fr = "illustration dessin",
                    .de = "kunst illustration",
                    .pt = "arte ilustracao",
                    .it = "arte illustrazione",
                    .ja = "イラスト 絵描きさんと繋がりたい",
                    .zh = "插画 手绘",
                    .th = "วาดรูป",
                    .ko = "그림 일러스트"},
     .handle_words = "art draws ink studio sketch paints canvas doodles clay makes",
     .emoji = "🎨 🖌️ ✏️ 🖼️",
     .brands = "Winsor & Newton|Procreate|Wacom|Posca|Faber-Castell|Moleskine|Copic|"
               "Etsy|Arteza|Skillshare",
     .related = "photography home books goth music"},

    {.key = "home",
     .categories = "home decor|DIY|interior design",
     .weight = 3,
     .affinity = {1, 0.8, 1, 0.2, 0.05},
     .female = 0.75,
     .age_center = 2.3,
     .words =
         {
             .en = R"(home decor interior interiors design diy renovation renovating reno
             makeover before after fixer upper cottage farmhouse apartment rental
             rental-friendly budget styling shelves shelf living room bedroom kitchen
             bathroom tiles tile paint painting wallpaper woodworking furniture flip flips
             thrifted decor plants houseplants garden gardening vegetable patio cozy nook
             organization organizing declutter storage cleaning minimalist scandi
             mid-century vintage antique lighting lamps rugs textiles curtains project
             projects tools)",
             .es = "hogar decoración reforma bricolaje interiorismo casa plantas",
             .fr = "maison décoration rénovation bricolage intérieur plantes",
             .de = "zuhause einrichtung renovierung heimwerken interior pflanzen",
             .pt = "casa decoração reforma faça você mesmo interiores plantas",
             .it = "casa arredamento ristrutturazione fai da te interni piante",
             .ja = "インテリア 暮らし 収納 DIY 部屋作り",
             .zh = "家居 装修 收纳 改造 软装",
             .th = "แต่งบ้าน ตกแต่งบ้าน บ้าน",
             .ko = "인테리어 집꾸미기 셀프인테리어 살림",
         },
     .tags = "homedecor interiordesign diy homerenovation interior homeinspo cozyhome "
             "diyhome beforeandafter houseplants HomeDecor apartmenttherapy",
     .local_tags = {.es = "decoracion hogar",
                    .fr = "decoration interieur",
                    .de = "einrichtung wohnen",
                    .pt = "decoracao casa",
                    .it = "arredamento casa",
                    .ja = "インテリア 暮らし",
                    .zh = "家居 装修",
                    .th = "แต่งบ้าน",
                    .ko = "인테리어 집꾸미기"},
     .handle_words = "home nest house cottage abode nook makes reno den haven",
     .emoji = "🏡 🪴 🛋️ 🔨 🕯️",
     .brands = "IKEA|West Elm|Wayfair|HomeGoods|Target|Ryobi|DeWalt|Farrow & Ball|Etsy|"
               "H&M Home|Home Depot",
     .related = "parenting sustainable baking art"},

    {.key = "pets",
     .categories = "pets|dogs|cats|animals",
     .weight = 3,
     .affinity = {1, 1.3, 0.7, 0.4, 0.05},
     .female = 0.7,
     .age_center = 1.9,
     .words =
         {
             .en = R"(dog dogs doggo pup puppy puppies cat cats kitten kittens rescue rescued
             adopted adopt shelter foster fostering golden retriever labrador corgi
             dachshund frenchie husky pug shiba greyhound doodle tabby ragdoll bunny rabbit
             hamster parrot reptiles pets pet parent walks walkies treats training tricks
             zoomies naps cuddles grooming vet senior dog mom cat dad furry paws floof
             mischief adventures)",
             .es = "perro perros gato gatos mascotas adoptado rescate cachorro",
             .fr = "chien chiens chat chats animaux adopté refuge chiot",
             .de = "hund hunde katze katzen haustiere adoptiert tierheim welpe",
             .pt = "cachorro cachorros gato gatos pets adotado resgate filhote",
             .it = "cane cani gatto gatti animali adottato canile cucciolo",
             .ja = "犬 猫 柴犬 猫のいる暮らし 犬のいる暮らし",
             .zh = "猫 狗 萌宠 猫咪 狗狗",
             .th = "หมา แมว ทาสแมว สัตว์เลี้ยง",
             .ko = "강아지 고양이 댕댕이 냥스타그램",
         },
     .tags = "dogsofinstagram catsofinstagram dog cat puppy rescuedog adoptdontshop "
             "petsofinstagram dogmom catlover DogsOfTikTok",
     .local_tags = {.es = "perrosdeinstagram",
                    .fr = "chien chat",
                    .de = "hundeliebe",
                    .pt = "cachorro",
                    .it = "cane gatto",
                    .ja = "柴犬 猫のいる暮らし",
                    .zh = "萌宠 猫咪",
                    .th = "ทาสแมว",
                    .ko = "강아지 냥스타그램"},
     .handle_words = "pup paws woof dog cat kitty doggo furry tails meow",
     .emoji = "🐶 🐱 🐾 🦴 🐕",
     .brands = "Chewy|BarkBox|Purina|Royal Canin|Petco|Kong|Furbo|Ollie|The Farmer's Dog",
     .related = "outdoors home parenting comedy"},

    {.key = "finance",
     .categories = "finance|personal finance|investing",
     .weight = 2,
     .affinity = {0.5, 1, 1.5, 2.5, 0.1},
     .female = 0.35,
     .age_center = 2.0,
     .words =
         {
             .en = R"(finance money personal budgeting budget saving savings investing investor
             invest stocks index funds etf dividends retirement pension debt payoff debt-free
             credit score mortgage rent housing side hustle income passive wealth financial
             literacy independence fire frugal frugality spending tracker net worth
             compound interest markets economics taxes tax career salary negotiation
             entrepreneurship small business startup real estate crypto)",
             .es = "finanzas dinero ahorro inversión presupuesto deudas libertad financiera",
             .fr = "finances argent épargne investissement budget dettes liberté financière",
             .de = "finanzen geld sparen investieren budget schulden vermögen",
             .pt = "finanças dinheiro economia investimentos orçamento dívidas liberdade",
             .it = "finanza soldi risparmio investimenti budget debiti libertà finanziaria",
             .ja = "投資 節約 貯金 家計管理 新NISA",
             .zh = "理财 投资 存钱 财务自由",
             .th = "การเงิน ลงทุน ออมเงิน",
             .ko = "재테크 투자 저축 경제",
         },
     .tags = "personalfinance investing money financialfreedom budgeting savingmoney "
             "stockmarket debtfree FinTok moneytips",
     .local_tags = {.es = "finanzaspersonales",
                    .fr = "financespersonnelles",
                    .de = "finanzen",
                    .pt = "financaspessoais",
                    .it = "finanzapersonale",
                    .ja = "投資 節約",
                    .zh = "理财",
                    .th = "การเงิน",
                    .ko = "재테크"},
     .handle_words = "money wealth budget cents dollars invests frugal rich saves",
     .emoji = "💰 📈 💸 🏦",
     .brands = "Robinhood|Wealthsimple|Revolut|Monzo|Acorns|Betterment|Fidelity|eToro|"
               "Trading 212|YNAB",
     .related = "tech education parenting"},

    {.key = "education",
     .categories = "education|learning|science",
     .weight = 2.5,
     .affinity = {0.5, 1.2, 2, 1.2, 0.3},
     .female = 0.55,
     .age_center = 1.4,
     .words =
         {
             .en = R"(education learning teacher teaching science scientist biology chemistry
             physics math maths history languages language study studying notes
             exam exams university college student students tutor tutoring lessons lesson
             explainers facts curiosity research researcher phd academic academia space
             astronomy nature ecology psychology linguistics grammar vocabulary
             pronunciation english spanish japanese classroom homework)",
             .es = "educación aprender profesora ciencia estudiar idiomas clases",
             .fr = "éducation apprendre professeure science étudier langues cours",
             .de = "bildung lernen lehrerin wissenschaft studium sprachen unterricht",
             .pt = "educação aprender professora ciência estudar idiomas aulas",
             .it = "educazione imparare insegnante scienza studiare lingue lezioni",
             .ja = "勉強 英語 勉強垢 資格",
             .zh = "学习 英语 知识 科普",
             .th = "การศึกษา เรียน ภาษาอังกฤษ",
             .ko = "공부 영어 공스타그램 자격증",
         },
     .tags = "education studygram learning science teachersofinstagram languagelearning "
             "studytips studymotivation ScienceTok edutok",
     .local_tags = {.es = "educacion",
                    .fr = "education",
                    .de = "lernen",
                    .pt = "educacao",
                    .it = "scuola",
                    .ja = "勉強垢 英語学習",
                    .zh = "学习 科普",
                    .th = "เรียน",
                    .ko = "공스타그램"},
     .handle_words = "learns teach study notes science class lesson mind quiz",
     .emoji = "📚 🔬 🧠 ✏️ 🌍",
     .brands = "Duolingo|Skillshare|Coursera|Notion|Quizlet|Grammarly|Brilliant|MasterClass|"
               "Babbel",
     .related = "books tech finance"},

    {.key = "comedy",
     .categories = "comedy|entertainment|humor",
     .weight = 3,
     .affinity = {0.6, 2, 1.5, 1.5, 0.8},
     .female = 0.5,
     .age_center = 1.2,
     .words =
         {
             .en = R"(comedy comedian standup sketches skits jokes funny memes parody satire
             improv characters impressions pranks storytime relatable chaotic unhinged
             roast podcast tour tickets shows specials bits crowd work open mic laughs
             awkward cringe absurd deadpan dad jokes)",
             .es = "comedia humor chistes sketches risas divertido",
             .fr = "humour comédie sketchs blagues rire drôle",
             .de = "comedy humor sketche witze lachen lustig",
             .pt = "comédia humor esquetes piadas risadas engraçado",
             .it = "comicità comico sketch battute risate divertente",
             .ja = "お笑い ネタ 爆笑 芸人",
             .zh = "搞笑 段子 幽默 脱口秀",
             .th = "ตลก ขำ ฮา",
             .ko = "코미디 개그 웃긴 유머",
         },
     .tags = "comedy funny memes standup sketchcomedy lol funnyvideos relatable "
             "ComedyTok jokes",
     .local_tags = {.es = "humor comedia",
                    .fr = "humour",
                    .de = "comedy",
                    .pt = "humor",
                    .it = "comicita",
                    .ja = "お笑い",
                    .zh = "搞笑",
                    .th = "ตลก",
                    .ko = "개그"},
     .handle_words = "lol jokes laughs funny bits skits chaos giggles",
     .emoji = "😂 🤣 🎭 🎤",
     .brands = "Netflix|HBO Max|Liquid Death|Manscaped|Raycon|DoorDash|Uber Eats|Doritos",
     .related = "gaming music pets"},
};

// ---------------------------------------------------------------------------------------------
// People and places.
// ---------------------------------------------------------------------------------------------

// Given and family names of one naming tradition. Entries are separated by spaces; '_' stands
// for a space inside a name ("van_Dijk"). In scripts other than Latin an entry is
// "native/romanized", the romanized form going into handles and e-mail addresses.
struct NameCulture {
  std::string_view key;
  std::string_view given;
  std::string_view family;
  bool family_first = false;  // display "田中美咲" rather than "美咲 田中"
  bool joined = false;        // no space between family and given name (CJK)
};

constexpr NameCulture kNameCultures[] = {
    {.key = "en",
     .given = R"(Emma Olivia Ava Sophia Mia Isabella Amelia Harper Evelyn Abigail Emily Ella
         Madison Chloe Grace Zoe Lily Hannah Nora Riley Aaliyah Maya Leah Sofia Camila Jasmine
         Naomi Imani Priya Aisha Jade Taylor Jordan Morgan Casey Alex Sam Jamie Liam Noah Oliver
         Elijah James Lucas Mason Ethan Logan Jacob Jackson Aiden Caleb Isaac Marcus Andre Darius
         Malik Tyler Ryan Kevin Brandon Connor Dylan Nathan Owen Wyatt Hunter Mateo Diego Jin Kai
         Ravi Omar Chris Ben Tom Jake Josh Luke Max Sarah Jess Katie Becca Megan Lauren Kayla
         Brooke Paige Sydney Tess Holly Ruby Poppy Freya Isla Amber Georgia Erin Niamh Aoife
         Callum Finn Rory Harry Alfie Archie George Charlie Ollie Keisha Tiana Destiny Jada Kiara
         Mei Lina Hana Elena Gabriela Rosa Aaron Jordan Xavier Devon Terrence Andrea Whitney)",
     .family = R"(Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
         Hernandez Lopez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White
         Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams
         Nelson Hill Campbell Mitchell Carter Roberts Turner Phillips Parker Evans Edwards
         Collins Stewart Morris Murphy Cook Rogers Reed Bailey Bell Cooper Kelly Howard Ward Cox
         Chen Nguyen Patel Kim Park Singh Shah Okafor Mensah Brooks Hayes Price Bennett Wood
         Barnes Ross Henderson Coleman Jenkins Perry Powell Long Hughes Foster Sanders Fisher
         Ellis Graham Murray Sullivan Russell Walsh Byrne O'Brien Fraser MacDonald Wong Tran
         Washington Jefferson Banks Okoro Ramirez Flores Rivera Gomez Diaz Reyes Morales)"},
    {.key = "es",
     .given = R"(Lucía Sofía María Martina Paula Valeria Daniela Camila Valentina Julia Carla
         Sara Alba Noa Elena Andrea Ximena Regina Renata Mariana Fernanda Guadalupe Carmen Pilar
         Inés Lola Alejandro Diego Pablo Javier Carlos Mateo Santiago Sebastián Nicolás Andrés
         Juan Miguel Hugo Martín Álvaro Adrián Rodrigo Emiliano Leonardo Joaquín Tomás Facundo
         Agustín Bruno Iker Catalina Florencia Antonella Josefina Abril Luciana Gabriela)",
     .family = R"(García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez
         Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez
         Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez
         Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés
         Castillo Santos Guerrero Flores Rojas Vargas Mendoza Aguilar Reyes Cruz Herrera Peña
         Ríos Ibáñez Acosta Fuentes Cabrera Paredes Quiroga)"},
    {.key = "pt",
     .given = R"(Ana Beatriz Júlia Larissa Camila Gabriela Mariana Letícia Fernanda Isabela
         Luana Bruna Carolina Rafaela Manuela Helena Alice Laura Giovanna Yasmin João Pedro
         Lucas Gabriel Matheus Rafael Gustavo Felipe Thiago Bruno Caio Enzo Davi Arthur Vinícius
         Leonardo Diogo Tiago Rodrigo Inês Leonor Matilde Beatriz Francisca)",
     .family = R"(Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa
         Ribeiro Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias
         Nascimento Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos
         Gonçalves Santana Teixeira Araújo Pinto Correia Monteiro)"},
    {.key = "fr",
     .given = R"(Camille Léa Chloé Manon Emma Inès Jade Louise Alice Lina Juliette Clara Sarah
         Zoé Margaux Pauline Élise Anaïs Céline Mathilde Hugo Louis Lucas Gabriel Arthur Jules
         Raphaël Théo Nathan Paul Léo Maxime Antoine Julien Thomas Baptiste Clément Bastien
         Étienne Océane Maëlle Romane Gaëlle)",
     .family = R"(Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon
         Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André
         Lefèvre Mercier Dupont Lambert Bonnet François Legrand Garnier Faure Rousseau Blanc
         Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Gauthier Dumont Fontaine
         Chevalier Robin Tremblay Gagnon Roy Côté Bouchard)"},
    {.key = "de",
     .given = R"(Lena Anna Lea Hannah Mia Emma Sophie Marie Laura Lisa Julia Lara Johanna Clara
         Leonie Nele Paula Charlotte Katharina Franziska Jana Luisa Maximilian Paul Leon Lukas
         Felix Jonas Elias Finn Noah Luca Tim Jan Niklas Moritz Tobias Simon Florian Sebastian
         Fabian Jannik Julian Lotte Greta Merle)",
     .family = R"(Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann
         Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger
         Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid Schulze Maier Köhler
         Herrmann König Walter Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Vogel
         Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Graf)"},
    {.key = "it",
     .given = R"(Giulia Sofia Aurora Alice Ginevra Emma Giorgia Greta Beatrice Anna Chiara
         Francesca Martina Sara Elisa Federica Valentina Alessia Ilaria Noemi Leonardo Francesco
         Alessandro Lorenzo Mattia Andrea Gabriele Riccardo Tommaso Edoardo Marco Luca Matteo
         Davide Simone Federico Giacomo Pietro Nicolò Stefano)",
     .family = R"(Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno
         Gallo Conti De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana
         Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli
         Vitale Lombardo Serra Coppola De_Santis D'Angelo Marchetti Parisi Villa Conte Ferri
         Fabbri Bianco Marini Grasso Valentini Messina Sala)"},
    {.key = "nl",
     .given = R"(Emma Julia Sophie Tess Zoë Sara Anna Evi Lotte Fleur Noor Sanne Femke Lieke Daan
         Sem Lucas Levi Finn Milan Bram Thijs Ruben Lars Jesse Niels Stijn Joris Wout Eline)",
     .family = R"(de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit
         Meijer de_Boer Mulder de_Groot Bos Vos Peters Hendriks van_Leeuwen Dekker Brouwer
         de_Wit Dijkstra Smits de_Graaf van_der_Meer Claes Peeters Maes Willems)"},
    {.key = "sv",
     .given = R"(Alice Maja Elsa Astrid Wilma Freja Ebba Olivia Selma Alva Saga Linnea Agnes
         Ella Klara Hanna Moa Elin Oscar William Lucas Liam Elias Hugo Noah Adam Axel Leo Viktor
         Emil Anton Filip Erik Johan Gustav Oskar Nils Isak)",
     .family = R"(Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson
         Svensson Gustafsson Pettersson Jonsson Jansson Hansson Bengtsson Lindberg Lindström
         Lindqvist Lindgren Berg Bergström Lundberg Lundqvist Holm Sandberg Forsberg Sjöberg
         Wallin Engström Ek Dahl Nyberg Lund Hedlund Åberg)"},
    {.key = "ja",
     .given = R"(美咲/misaki 結衣/yui 陽菜/hina さくら/sakura 葵/aoi 凛/rin 七海/nanami 花/hana
         彩/aya 真由/mayu 優子/yuko 愛/ai 麻衣/mai 香織/kaori 由美/yumi 千尋/chihiro 杏/an
         楓/kaede 莉子/riko 翔太/shota 大輝/daiki 蓮/ren 悠人/yuto 颯太/sota 拓海/takumi
         健太/kenta 翔/sho 健二/kenji 直樹/naoki 浩二/koji 亮/ryo 海斗/kaito 陸/riku 湊/minato
         隼人/hayato 春香/haruka 美穂/miho 奈々/nana 遥/haruka)",
     .family = R"(佐藤/sato 鈴木/suzuki 高橋/takahashi 田中/tanaka 伊藤/ito 渡辺/watanabe
         山本/yamamoto 中村/nakamura 小林/kobayashi 加藤/kato 吉田/yoshida 山田/yamada
         佐々木/sasaki 山口/yamaguchi 松本/matsumoto 井上/inoue 木村/kimura 林/hayashi
         清水/shimizu 山崎/yamazaki 森/mori 池田/ikeda 橋本/hashimoto 阿部/abe 石川/ishikawa
         前田/maeda 藤田/fujita 小川/ogawa 岡田/okada 後藤/goto 長谷川/hasegawa 村上/murakami
         近藤/kondo 石井/ishii 坂本/sakamoto 遠藤/endo 青木/aoki 藤井/fujii 西村/nishimura)",
     .family_first = true,
     .joined = true},
    {.key = "zh",
     .given = R"(小雨/xiaoyu 欣怡/xinyi 子涵/zihan 雨桐/yutong 梓萱/zixuan 诗涵/shihan
         佳怡/jiayi 思琪/siqi 婉清/wanqing 晓婷/xiaoting 嘉欣/jiaxin 一诺/yinuo 浩然/haoran
         子轩/zixuan 宇航/yuhang 俊杰/junjie 志强/zhiqiang 伟/wei 磊/lei 明轩/mingxuan
         天佑/tianyou 博文/bowen 家豪/jiahao 冠宇/guanyu 雅婷/yating 怡君/yijun 宜蓁/yizhen
         承恩/chengen 静/jing 敏/min)",
     .family = R"(王/wang 李/li 张/zhang 刘/liu 陈/chen 杨/yang 黄/huang 赵/zhao 吴/wu 周/zhou
         徐/xu 孙/sun 马/ma 朱/zhu 胡/hu 郭/guo 何/he 林/lin 罗/luo 高/gao 郑/zheng 梁/liang
         谢/xie 宋/song 唐/tang 许/xu 邓/deng 冯/feng 韩/han 曹/cao)",
     .family_first = true,
     .joined = true},
    {.key = "ko",
     .given = R"(지수/jisoo 민지/minji 서연/seoyeon 하은/haeun 수아/sua 지민/jimin 예린/yerin
         다은/daeun 유나/yuna 하린/harin 채원/chaewon 소희/sohee 민준/minjun 서준/seojun
         도윤/doyun 하준/hajun 지호/jiho 준우/junwoo 현우/hyunwoo 태윤/taeyoon 성민/sungmin
         재현/jaehyun 동현/donghyun 수빈/subin 은지/eunji)",
     .family = R"(김/kim 이/lee 박/park 최/choi 정/jung 강/kang 조/cho 윤/yoon 장/jang 임/lim
         한/han 오/oh 서/seo 신/shin 권/kwon 황/hwang 안/ahn 송/song 류/ryu 홍/hong)",
     .family_first = true,
     .joined = true},
    {.key = "th",
     .given = R"(ณัฐ/nat มายด์/mind ฝน/fon แพรว/praew มิ้นท์/mint ปลา/pla บีม/beam ต้น/ton
         เจมส์/james ออม/aom แก้ว/kaew น้ำ/nam ฟ้า/fah ปอ/por พลอย/ploy เบล/belle ไอซ์/ice
         กาย/guy ภูมิ/phum ต่อ/tor จูน/june แนน/nan)",
     .family = R"(สุขใจ/sukjai ศรีสุข/srisuk วงศ์ใหญ่/wongyai ทองดี/thongdee แสงทอง/saengthong
         จันทร์เพ็ญ/chanpen บุญมา/boonma รัตนกุล/rattanakul ศักดิ์ดี/sakdee พงษ์ไทย/pongthai)"},
    {.key = "in",
     .given = R"(Priya Ananya Aditi Kavya Isha Riya Diya Sneha Pooja Neha Shreya Tanvi Meera
         Aarohi Anika Ishita Nandini Aarav Vivaan Arjun Rohan Aditya Karan Rahul Vikram
         Siddharth Ishaan Kabir Rohit Varun Nikhil Aman Dev Yash)",
     .family = R"(Sharma Verma Gupta Patel Singh Kumar Reddy Iyer Nair Menon Rao Das Bose
         Chatterjee Banerjee Mehta Shah Joshi Kapoor Malhotra Khanna Agarwal Bhatt Pillai Desai
         Kulkarni Jain Chopra Sethi Mishra)"},
    {.key = "ar",
     .given = R"(Layla Noor Fatima Mariam Sara Aisha Yasmin Hana Salma Dana Reem Lina Omar Ahmed
         Mohammed Youssef Khalid Hassan Ali Karim Tariq Faisal Zayed Rami Nour)",
     .family = R"(Al_Mansouri Al_Hashimi Haddad Khalil Nasser Saleh Mahmoud Hassan Farouk
         El_Sayed Mostafa Abdallah Al_Zahrani Al_Qahtani Karam Aziz)"},
    {.key = "id",
     .given = R"(Putri Ayu Dewi Siti Nadia Anisa Rina Intan Sari Maya Nabila Citra Aulia Rizky
         Budi Agus Dimas Fajar Arif Bayu Rafi Hendra Yoga Andi Aina Farah Hafiz Amir)",
     .family = R"(Pratama Saputra Wijaya Santoso Hidayat Kusuma Nugroho Wibowo Setiawan Putra
         Halim Siregar Nasution Lubis Rahman Ismail Abdullah Hassan Tan Lim)"},
    {.key = "tr",
     .given = R"(Zeynep Elif Defne Ecem Ayşe Merve Büşra Esra İrem Selin Ece Ahmet Mehmet Mustafa
         Emre Burak Can Kerem Mert Onur Cem)",
     .family = R"(Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan
         Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek)"},
    {.key = "pl",
     .given = R"(Zuzanna Julia Maja Zofia Hanna Lena Alicja Natalia Wiktoria Oliwia Kasia
         Agnieszka Antoni Jan Jakub Aleksander Franciszek Szymon Filip Mikołaj Kacper Bartek)",
     .family = R"(Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński
         Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk)"},
    {.key = "ng",
     .given = R"(Chiamaka Ngozi Adaeze Temi Tolu Funke Amaka Ifeoma Zainab Halima Folake Bisi
         Chioma Kemi Ada Yemi Tunde Chinedu Emeka Olumide Segun Kunle Femi Obinna Ikenna Musa
         Ibrahim Uche Dayo Tobi)",
     .family = R"(Okafor Okonkwo Adeyemi Adebayo Balogun Eze Nwosu Obi Chukwu Olawale Ogunleye
         Bello Abubakar Onyeka Nnamdi Afolabi Ibekwe Uzor Akande)"},
    {.key = "ke",
     .given = R"(Wanjiru Achieng Njeri Akinyi Wambui Nyokabi Atieno Brian Kevin Dennis Collins
         Wafula Kiprono Faith Mercy Joy)",
     .family = R"(Kamau Otieno Mwangi Ochieng Kiprop Wanjala Omondi Njoroge Kariuki Mutua Kimani
         Odhiambo)"},
    {.key = "vi",
     .given = R"(Linh Trang Hương Mai Ngọc Thảo Anh Vy Hà Nhi Minh Huy Khoa Long Quân Tuấn Đức
         Nam Bảo)",
     .family = R"(Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương)"},
    {.key = "ph",
     .given = R"(Maria Angel Kristine Joy Patricia Andrea Nicole Camille Bea Katrina Jasmine
         Carlo Miguel Paolo Jericho Mark John Kenneth Rafael Enzo)",
     .family = R"(Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Torres Tomas Andrada Castillo
         Flores Villanueva Ramos Castro Rivera Aquino Navarro Salazar Mercado Dela_Cruz)"},
};

// Bio languages, in the order of PerLang's members.
enum class Lang : std::uint8_t { kEn, kEs, kFr, kDe, kPt, kIt, kJa, kZh, kTh, kKo };
inline constexpr int kLangCount = 10;

// A country: its weight comes from its position in kCountries (Zipf, US first).
struct CountrySpec {
  std::string_view code;
  std::string_view languages;  // the "languages" field, the bio language's code first
  Lang bio;
  std::string_view culture;  // key into kNameCultures
  std::string_view cities;   // '|'-separated
  std::string_view mail;     // '|'-separated local e-mail providers
  // Some creators of the country write in another language (Spanish in the US, French in
  // Canada): that happens with alt_share, with their own languages and cities.
  double alt_share = 0;
  std::string_view alt_languages = {};
  Lang alt_bio = Lang::kEn;
  std::string_view alt_culture = {};
  std::string_view alt_cities = {};
  bool traditional_chinese = false;  // Taiwan writes Chinese in traditional characters
};

constexpr CountrySpec kCountries[] = {
    {"US", "en", Lang::kEn, "en",
     "New York|Los Angeles|Chicago|Austin|Brooklyn|Portland|Seattle|San Francisco|Miami|"
     "Atlanta|Nashville|Denver|San Diego|Boston|Philadelphia|Minneapolis|Houston|Asheville|"
     "Salt Lake City|Phoenix|Dallas|Oakland|Savannah|Boulder|New Orleans|Charleston",
     "gmail.com|yahoo.com|outlook.com|icloud.com", 0.08, "es en", Lang::kEs, "es",
     "Los Angeles|Miami|Houston|San Antonio|El Paso|Chicago|Phoenix"},
    {"GB", "en", Lang::kEn, "en",
     "London|Manchester|Bristol|Brighton|Leeds|Glasgow|Edinburgh|Birmingham|Liverpool|Cardiff|"
     "Newcastle|Bath",
     "gmail.com|hotmail.co.uk|outlook.com|icloud.com"},
    {"BR", "pt", Lang::kPt, "pt",
     "São Paulo|Rio de Janeiro|Belo Horizonte|Curitiba|Porto Alegre|Salvador|Recife|"
     "Florianópolis|Brasília|Fortaleza",
     "gmail.com|hotmail.com|outlook.com.br"},
    {"IN", "en hi", Lang::kEn, "in",
     "Mumbai|Delhi|Bengaluru|Hyderabad|Chennai|Pune|Kolkata|Jaipur|Ahmedabad|Goa",
     "gmail.com|yahoo.in|outlook.com"},
    {"CA", "en", Lang::kEn, "en",
     "Toronto|Vancouver|Calgary|Ottawa|Edmonton|Halifax|Victoria|Winnipeg",
     "gmail.com|outlook.com|icloud.com", 0.22, "fr en", Lang::kFr, "fr",
     "Montréal|Québec|Gatineau|Sherbrooke|Laval"},
    {"MX", "es", Lang::kEs, "es",
     "Ciudad de México|Guadalajara|Monterrey|Puebla|Mérida|Querétaro|Oaxaca|Tijuana",
     "gmail.com|hotmail.com|outlook.com"},
    {"DE", "de", Lang::kDe, "de",
     "Berlin|München|Hamburg|Köln|Frankfurt|Stuttgart|Leipzig|Düsseldorf|Dresden|Freiburg",
     "gmail.com|gmx.de|web.de|outlook.de"},
    {"FR", "fr", Lang::kFr, "fr",
     "Paris|Lyon|Marseille|Bordeaux|Toulouse|Nantes|Lille|Nice|Montpellier|Strasbourg|Rennes",
     "gmail.com|hotmail.fr|orange.fr|outlook.fr"},
    {"AU", "en", Lang::kEn, "en",
     "Sydney|Melbourne|Brisbane|Perth|Adelaide|Gold Coast|Byron Bay|Hobart|Canberra",
     "gmail.com|outlook.com|bigpond.com"},
    {"ES", "es", Lang::kEs, "es",
     "Madrid|Barcelona|Valencia|Sevilla|Málaga|Bilbao|Granada|Zaragoza|Palma|San Sebastián",
     "gmail.com|hotmail.es|outlook.es"},
    {"IT", "it", Lang::kIt, "it",
     "Milano|Roma|Torino|Napoli|Firenze|Bologna|Venezia|Palermo|Verona|Genova",
     "gmail.com|libero.it|outlook.it"},
    {"ID", "id en", Lang::kEn, "id", "Jakarta|Bandung|Surabaya|Bali|Yogyakarta|Medan",
     "gmail.com|yahoo.co.id"},
    {"JP", "ja", Lang::kJa, "ja", "Tokyo|Osaka|Kyoto|Fukuoka|Sapporo|Yokohama|Nagoya|Kobe",
     "gmail.com|yahoo.co.jp|icloud.com"},
    {"KR", "ko", Lang::kKo, "ko", "Seoul|Busan|Incheon|Daegu|Jeju|Daejeon",
     "naver.com|gmail.com|kakao.com"},
    {"PH", "en", Lang::kEn, "ph", "Manila|Quezon City|Cebu|Davao|Makati|Baguio",
     "gmail.com|yahoo.com"},
    {"TR", "tr en", Lang::kEn, "tr", "İstanbul|Ankara|İzmir|Antalya|Bursa",
     "gmail.com|hotmail.com"},
    {"NG", "en", Lang::kEn, "ng", "Lagos|Abuja|Port Harcourt|Ibadan|Enugu", "gmail.com|yahoo.com"},
    {"AR", "es", Lang::kEs, "es", "Buenos Aires|Córdoba|Rosario|Mendoza|Mar del Plata|Bariloche",
     "gmail.com|hotmail.com"},
    {"CO", "es", Lang::kEs, "es", "Bogotá|Medellín|Cali|Cartagena|Barranquilla",
     "gmail.com|hotmail.com"},
    {"NL", "nl en", Lang::kEn, "nl", "Amsterdam|Rotterdam|Utrecht|Den Haag|Eindhoven|Groningen",
     "gmail.com|hotmail.nl|outlook.com"},
    {"TH", "th", Lang::kTh, "th", "Bangkok|Chiang Mai|Phuket|Pattaya|Khon Kaen",
     "gmail.com|hotmail.com"},
    {"ZA", "en", Lang::kEn, "en", "Cape Town|Johannesburg|Durban|Pretoria|Gqeberha",
     "gmail.com|outlook.com"},
    {"SE", "sv en", Lang::kEn, "sv", "Stockholm|Göteborg|Malmö|Uppsala",
     "gmail.com|outlook.com|hotmail.se"},
    {"PL", "pl en", Lang::kEn, "pl", "Warszawa|Kraków|Wrocław|Gdańsk|Poznań",
     "gmail.com|wp.pl|onet.pl"},
    {"CN", "zh", Lang::kZh, "zh", "Shanghai|Beijing|Shenzhen|Guangzhou|Chengdu|Hangzhou",
     "qq.com|163.com|gmail.com"},
    {"TW",
     "zh",
     Lang::kZh,
     "zh",
     "Taipei|Taichung|Kaohsiung|Tainan",
     "gmail.com|yahoo.com.tw",
     0,
     {},
     Lang::kEn,
     {},
     {},
     /*traditional_chinese=*/true},
    {"CL", "es", Lang::kEs, "es", "Santiago|Valparaíso|Concepción", "gmail.com|hotmail.com"},
    {"AE", "en ar", Lang::kEn, "ar", "Dubai|Abu Dhabi|Sharjah", "gmail.com|outlook.com"},
    {"MY", "ms en", Lang::kEn, "id", "Kuala Lumpur|Penang|Johor Bahru", "gmail.com|yahoo.com"},
    {"PT", "pt", Lang::kPt, "pt", "Lisboa|Porto|Braga|Faro", "gmail.com|sapo.pt"},
    {"IE", "en", Lang::kEn, "en", "Dublin|Cork|Galway", "gmail.com|outlook.com"},
    {"NZ", "en", Lang::kEn, "en", "Auckland|Wellington|Christchurch|Queenstown",
     "gmail.com|xtra.co.nz"},
    {"BE", "fr nl", Lang::kFr, "fr", "Bruxelles|Liège|Namur|Charleroi", "gmail.com|skynet.be", 0.45,
     "nl en", Lang::kEn, "nl", "Antwerpen|Gent|Leuven|Brugge"},
    {"CH", "de fr", Lang::kDe, "de", "Zürich|Basel|Bern|Luzern", "gmail.com|bluewin.ch", 0.3,
     "fr de", Lang::kFr, "fr", "Genève|Lausanne|Neuchâtel"},
    {"AT", "de", Lang::kDe, "de", "Wien|Graz|Salzburg|Innsbruck", "gmail.com|gmx.at"},
    {"SG", "en zh", Lang::kEn, "zh", "Singapore", "gmail.com|outlook.com"},
    {"PE", "es", Lang::kEs, "es", "Lima|Cusco|Arequipa", "gmail.com|hotmail.com"},
    {"EG", "ar en", Lang::kEn, "ar", "Cairo|Alexandria|Giza", "gmail.com|yahoo.com"},
    {"KE", "en sw", Lang::kEn, "ke", "Nairobi|Mombasa|Kisumu", "gmail.com|yahoo.com"},
    {"VN", "vi en", Lang::kEn, "vi", "Hồ Chí Minh|Hà Nội|Đà Nẵng", "gmail.com|yahoo.com"},
};

constexpr std::string_view kGenericTags = R"(
instagood photooftheday reels explorepage fyp foryou love instadaily contentcreator
smallcreator microinfluencer ugccreator aesthetic reels2026 creator dailyinspo weekendvibes
)";

constexpr std::string_view kGenericEmoji =
    "✨ 💫 🌿 💚 🤍 🌱 📸 ☀️ 🌸 💛 🙌 🔥";

// Talent agencies: "display name|e-mail domain". Invented names.
constexpr std::string_view kAgencies[] = {
    "Northlane Talent|northlanetalent.com",     "Kindred Creators|kindredcreators.co",
    "Brightside Management|brightsidemgmt.com", "Fieldnote Agency|fieldnote.agency",
    "Palette Talent|palettetalent.com",         "Common Thread Collective|commonthread.co",
    "Small Batch Social|smallbatchsocial.com",  "Wildflower Talent|wildflowertalent.co",
    "Tandem Creator Studio|tandemcreators.com", "Harbor & Pine Management|harborpine.co",
};

constexpr std::string_view kPlatforms[] = {"instagram", "tiktok", "youtube", "twitter", "twitch"};
// Shares of the platform mix, in percent.
constexpr double kPlatformWeights[] = {55, 20, 12, 8, 5};
enum Platform { kInstagram, kTikTok, kYouTube, kTwitter, kTwitch };

constexpr std::string_view kAgeBands[] = {"13-17", "18-24", "25-34", "35-44", "45-54", "55+"};

// Tier lower bounds, as in mikros::TierBoundaries (this tool does not link the engine).
int tier_of(std::uint64_t followers) {
  if (followers >= 1'000'000) return 4;
  if (followers >= 500'000) return 3;
  if (followers >= 50'000) return 2;
  if (followers >= 5'000) return 1;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Random numbers.
// ---------------------------------------------------------------------------------------------

constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), seeded by splitmix64. One stream per profile, so that
// profile i does not depend on how many numbers earlier profiles drew.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t x = mix64(seed) ^ mix64(stream + 0x632BE59BD9B4E019ULL);
    for (auto& s : s_) {
      x += 0x9E3779B97F4A7C15ULL;
      s = mix64(x);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }

  // In [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // In [0, n), n < 2^32: the top 32 bits scaled by n (Lemire's multiply-shift without the
  // rejection step; the bias, under n / 2^32, is far below anything the output could show).
  std::size_t below(std::size_t n) {
    return static_cast<std::size_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  // In [lo, hi].
  int between(int lo, int hi) { return lo + static_cast<int>(below(hi - lo + 1)); }
  bool chance(double p) { return uniform() < p; }

  // Standard normal by Box-Muller; each pair of uniforms gives two values.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = 1.0 - uniform();  // (0, 1]: log(0) would be -inf
    double u2 = uniform();
    double r = std::sqrt(-2.0 * std::log(u1));
    spare_ = r * std::sin(6.283185307179586 * u2);
    has_spare_ = true;
    return r * std::cos(6.283185307179586 * u2);
  }
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }

  // Beta(a, b) for whole a, b (a + b <= 16): the a-th smallest of a + b - 1 uniforms.
  double beta(int a, int b) {
    std::array<double, 16> u{};
    int n = a + b - 1;
    for (int i = 0; i < n; ++i) u[i] = uniform();
    std::sort(u.begin(), u.begin() + n);
    return u[a - 1];
  }

  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  std::array<std::uint64_t, 4> s_;
  double spare_ = 0;
  bool has_spare_ = false;
};

double clamp(double v, double lo, double hi) {
  return std::min(hi, std::max(lo, v));
}

// ---------------------------------------------------------------------------------------------
// The model: the tables above, split and weighted once.
// ---------------------------------------------------------------------------------------------

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\n') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<std::string_view> split_bars(std::string_view s) {
  std::vector<std::string_view> out;
  if (s.empty()) return out;
  std::size_t i = 0;
  while (true) {
    std::size_t j = s.find('|', i);
    out.push_back(s.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

// A list whose entries are drawn by Zipf's law (s = 1): entry k (from 0) has weight 1/(k+1).
// Sampling uses Vose's alias table (O(1): one slot, then the slot's entry or its alias); a word
// is drawn up to 75 times per profile, and a binary search over the CDF was the hot spot. A slot
// holds both words so that a draw touches one cache line.
struct ZipfList {
  struct Slot {
    std::string_view item, alias_item;
    double keep = 1;  // probability of the slot's own entry rather than its alias
    std::uint32_t index = 0, alias = 0;
  };
  std::vector<std::string_view> items;
  std::vector<Slot> slots;

  ZipfList() = default;
  explicit ZipfList(std::vector<std::string_view> words) : items(std::move(words)) {
    std::size_t n = items.size();
    if (n == 0) return;
    double sum = 0;
    for (std::size_t k = 0; k < n; ++k) sum += 1.0 / static_cast<double>(k + 1);
    std::vector<double> scaled(n);
    std::vector<std::uint32_t> small, large;
    slots.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      scaled[k] = static_cast<double>(n) / static_cast<double>(k + 1) / sum;
      (scaled[k] < 1 ? small : large).push_back(static_cast<std::uint32_t>(k));
      slots[k].index = slots[k].alias = static_cast<std::uint32_t>(k);
    }
    while (!small.empty() && !large.empty()) {
      std::uint32_t s = small.back(), l = large.back();
      small.pop_back();
      slots[s].keep = scaled[s];
      slots[s].alias = l;
      scaled[l] -= 1 - scaled[s];
      if (scaled[l] < 1) {
        large.pop_back();
        small.push_back(l);
      }
    }
    // Slots left over hold 1 up to rounding: they keep their own entry.
    for (Slot& s : slots) {
      s.item = items[s.index];
      s.alias_item = items[s.alias];
    }
  }
  bool empty() const { return items.empty(); }
  std::size_t sample_index(Rng& rng) const {
    const Slot& s = slots[rng.below(slots.size())];
    return rng.uniform() < s.keep ? s.index : s.alias;
  }
  std::string_view sample(Rng& rng) const {
    const Slot& s = slots[rng.below(slots.size())];
    return rng.uniform() < s.keep ? s.item : s.alias_item;
  }
};

// Latin letters with diacritics -> ASCII, for handles and e-mail addresses.
// U+00C0..U+017F, then U+1EA0..U+1EF9 (Vietnamese); '?' = no ASCII form (dropped).
constexpr std::string_view kFoldLatin =
    "AAAAAAACEEEEIIIIDNOOOOO?OUUUUYTsaaaaaaaceeeeiiiidnooooo?"
    "ouuuuytyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZ"
    "zs";
constexpr std::string_view kFoldVietnamese =
    "AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy";

// Decodes one UTF-8 sequence at s[i]; advances i.
char32_t decode_utf8(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Lowercase ASCII letters and digits of `s`, diacritics removed, everything else dropped:
// "Lindström" -> "lindstrom", "D'Angelo" -> "dangelo".
std::string ascii_fold(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = decode_utf8(s, i);
    char c = '?';
    if (cp < 0x80) {
      c = static_cast<char>(cp);
    } else if (cp >= 0xC0 && cp < 0xC0 + kFoldLatin.size()) {
      c = kFoldLatin[cp - 0xC0];
    } else if (cp >= 0x1EA0 && cp < 0x1EA0 + kFoldVietnamese.size()) {
      c = kFoldVietnamese[cp - 0x1EA0];
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string title_ascii(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

struct NamePart {
  std::string display;  // as written in the culture's script
  std::string roman;    // lowercase ASCII, for handles and e-mail
  std::string title;    // the romanized form capitalized ("Misaki"), or the display form
};

struct Culture {
  std::vector<NamePart> given, family;
  bool family_first = false;
  bool joined = false;
  bool native_script = false;  // entries are "native/romanized"
};

std::vector<NamePart> parse_names(std::string_view list, bool& native) {
  std::vector<NamePart> out;
  for (std::string_view entry : split_words(list)) {
    NamePart p;
    std::size_t slash = entry.find('/');
    std::string_view shown = entry.substr(0, slash);
    p.display.assign(shown);
    std::replace(p.display.begin(), p.display.end(), '_', ' ');
    if (slash != std::string_view::npos) {
      native = true;
      p.roman = ascii_fold(entry.substr(slash + 1));
      p.title = title_ascii(p.roman);
    } else {
      p.roman = ascii_fold(p.display);
      p.title = p.display;
    }
    out.push_back(std::move(p));
  }
  return out;
}

struct Niche {
  const NicheSpec* spec = nullptr;
  std::vector<std::string_view> categories;
  std::array<ZipfList, kLangCount> words;
  ZipfList tags;
  std::array<ZipfList, kLangCount> local_tags;
  ZipfList handle_words;
  std::vector<std::string_view> emoji;
  std::vector<std::string_view> brands;
  std::vector<std::string> brand_handles;  // "Levi's" -> "levis"
  std::vector<int> related;
};

struct Country {
  const CountrySpec* spec = nullptr;
  std::vector<std::string_view> languages, cities, mail, alt_languages, alt_cities;
  int culture = 0;
  int alt_culture = 0;
};

struct Agency {
  std::string_view name, domain;
};

struct Model {
  std::array<ZipfList, kLangCount> general;
  std::vector<Niche> niches;
  // Per platform: cumulative niche weights (weight x affinity).
  std::array<std::vector<double>, 5> niche_cdf;
  std::vector<Culture> cultures;
  std::vector<Country> countries;
  ZipfList country_codes;  // Zipf over kCountries' order: the index is also into countries
  ZipfList generic_tags;
  std::vector<std::string_view> generic_emoji;
  std::vector<Agency> agencies;
};

std::string_view lang_text(const PerLang& p, int lang) {
  switch (lang) {
    case 0:
      return p.en;
    case 1:
      return p.es;
    case 2:
      return p.fr;
    case 3:
      return p.de;
    case 4:
      return p.pt;
    case 5:
      return p.it;
    case 6:
      return p.ja;
    case 7:
      return p.zh;
    case 8:
      return p.th;
    default:
      return p.ko;
  }
}

int find_culture(std::string_view key) {
  for (std::size_t i = 0; i < std::size(kNameCultures); ++i) {
    if (kNameCultures[i].key == key) return static_cast<int>(i);
  }
  return 0;
}

Model build_model() {
  Model m;
  constexpr std::string_view kGeneral[kLangCount] = {kGeneralEn, kGeneralEs, kGeneralFr, kGeneralDe,
                                                     kGeneralPt, kGeneralIt, kGeneralJa, kGeneralZh,
                                                     kGeneralTh, kGeneralKo};
  for (int l = 0; l < kLangCount; ++l) m.general[l] = ZipfList(split_words(kGeneral[l]));

  for (const NicheSpec& spec : kNiches) {
    Niche n;
    n.spec = &spec;
    n.categories = split_bars(spec.categories);
    for (int l = 0; l < kLangCount; ++l) {
      n.words[l] = ZipfList(split_words(lang_text(spec.words, l)));
      n.local_tags[l] = ZipfList(split_words(lang_text(spec.local_tags, l)));
    }
    n.tags = ZipfList(split_words(spec.tags));
    n.handle_words = ZipfList(split_words(spec.handle_words));
    n.emoji = split_words(spec.emoji);
    n.brands = split_bars(spec.brands);
    for (std::string_view b : n.brands) n.brand_handles.push_back(ascii_fold(b));
    m.niches.push_back(std::move(n));
  }
  for (Niche& n : m.niches) {
    for (std::string_view key : split_words(n.spec->related)) {
      for (std::size_t j = 0; j < m.niches.size(); ++j) {
        if (m.niches[j].spec->key == key) n.related.push_back(static_cast<int>(j));
      }
    }
  }
  for (int p = 0; p < 5; ++p) {
    double sum = 0;
    for (const Niche& n : m.niches) {
      sum += n.spec->weight * n.spec->affinity[p];
      m.niche_cdf[p].push_back(sum);
    }
  }

  for (const NameCulture& c : kNameCultures) {
    Culture culture;
    culture.given = parse_names(c.given, culture.native_script);
    culture.family = parse_names(c.family, culture.native_script);
    culture.family_first = c.family_first;
    culture.joined = c.joined;
    m.cultures.push_back(std::move(culture));
  }

  std::vector<std::string_view> codes;
  for (const CountrySpec& spec : kCountries) {
    Country c;
    c.spec = &spec;
    c.languages = split_words(spec.languages);
    c.cities = split_bars(spec.cities);
    c.mail = split_bars(spec.mail);
    c.culture = find_culture(spec.culture);
    if (spec.alt_share > 0) {
      c.alt_languages = split_words(spec.alt_languages);
      c.alt_cities = split_bars(spec.alt_cities);
      c.alt_culture = find_culture(spec.alt_culture);
    }
    m.countries.push_back(std::move(c));
    codes.push_back(spec.code);
  }
  m.country_codes = ZipfList(std::move(codes));
  m.generic_tags = ZipfList(split_words(kGenericTags));
  m.generic_emoji = split_words(kGenericEmoji);
  for (std::string_view a : kAgencies) {
    auto parts = split_bars(a);
    m.agencies.push_back({parts[0], parts[1]});
  }
  return m;
}

const Model& model() {
  static const Model m = build_model();
  return m;
}

// Simplified -> traditional Chinese for the characters of the tables above that differ.
// Sorted by the simplified code point.
struct HanPair {
  char32_t simplified, traditional;
};
// Generated with OpenCC (s2tw) from the Chinese words above; 冲 -> 沖 as in 手沖, and 周 left
// alone (a surname as well as the 周 of 周末).
constexpr HanPair kHanPairs[] = {
    {U'丝', U'絲'}, {U'乐', U'樂'}, {U'习', U'習'}, {U'书', U'書'}, {U'亚', U'亞'}, {U'亲', U'親'},
    {U'价', U'價'}, {U'伟', U'偉'}, {U'儿', U'兒'}, {U'关', U'關'}, {U'冯', U'馮'}, {U'冲', U'沖'},
    {U'减', U'減'}, {U'刘', U'劉'}, {U'创', U'創'}, {U'务', U'務'}, {U'动', U'動'}, {U'华', U'華'},
    {U'单', U'單'}, {U'发', U'發'}, {U'吴', U'吳'}, {U'员', U'員'}, {U'复', U'復'}, {U'妆', U'妝'},
    {U'妈', U'媽'}, {U'孙', U'孫'}, {U'学', U'學'}, {U'宝', U'寶'}, {U'实', U'實'}, {U'宠', U'寵'},
    {U'师', U'師'}, {U'带', U'帶'}, {U'开', U'開'}, {U'张', U'張'}, {U'强', U'強'}, {U'录', U'錄'},
    {U'愈', U'癒'}, {U'戏', U'戲'}, {U'户', U'戶'}, {U'护', U'護'}, {U'摄', U'攝'}, {U'数', U'數'},
    {U'旧', U'舊'}, {U'时', U'時'}, {U'晓', U'曉'}, {U'术', U'術'}, {U'机', U'機'}, {U'杨', U'楊'},
    {U'杰', U'傑'}, {U'梦', U'夢'}, {U'欢', U'歡'}, {U'测', U'測'}, {U'温', U'溫'}, {U'游', U'遊'},
    {U'灵', U'靈'}, {U'点', U'點'}, {U'热', U'熱'}, {U'爱', U'愛'}, {U'猫', U'貓'}, {U'环', U'環'},
    {U'电', U'電'}, {U'画', U'畫'}, {U'着', U'著'}, {U'码', U'碼'}, {U'竞', U'競'}, {U'简', U'簡'},
    {U'系', U'繫'}, {U'红', U'紅'}, {U'纯', U'純'}, {U'纳', U'納'}, {U'练', U'練'}, {U'绘', U'繪'},
    {U'续', U'續'}, {U'罗', U'羅'}, {U'联', U'聯'}, {U'肤', U'膚'}, {U'胶', U'膠'}, {U'脱', U'脫'},
    {U'艺', U'藝'}, {U'节', U'節'}, {U'荐', U'薦'}, {U'营', U'營'}, {U'装', U'裝'}, {U'认', U'認'},
    {U'训', U'訓'}, {U'记', U'記'}, {U'许', U'許'}, {U'评', U'評'}, {U'识', U'識'}, {U'试', U'試'},
    {U'诗', U'詩'}, {U'语', U'語'}, {U'说', U'說'}, {U'请', U'請'}, {U'诺', U'諾'}, {U'读', U'讀'},
    {U'谢', U'謝'}, {U'谱', U'譜'}, {U'财', U'財'}, {U'购', U'購'}, {U'资', U'資'}, {U'赵', U'趙'},
    {U'轩', U'軒'}, {U'软', U'軟'}, {U'运', U'運'}, {U'邓', U'鄧'}, {U'郑', U'鄭'}, {U'钱', U'錢'},
    {U'铁', U'鐵'}, {U'阅', U'閱'}, {U'队', U'隊'}, {U'阳', U'陽'}, {U'陈', U'陳'}, {U'静', U'靜'},
    {U'面', U'麵'}, {U'韩', U'韓'}, {U'风', U'風'}, {U'饭', U'飯'}, {U'馆', U'館'}, {U'马', U'馬'},
    {U'黄', U'黃'},
};

void to_traditional(std::string& s, std::size_t from) {
  std::string out;
  out.reserve(s.size() - from);
  std::size_t i = from;
  while (i < s.size()) {
    char32_t cp = decode_utf8(s, i);
    auto it = std::lower_bound(std::begin(kHanPairs), std::end(kHanPairs), cp,
                               [](const HanPair& p, char32_t c) { return p.simplified < c; });
    if (it != std::end(kHanPairs) && it->simplified == cp) cp = it->traditional;
    append_utf8(out, cp);
  }
  s.resize(from);
  s += out;
}

// ---------------------------------------------------------------------------------------------
// Handle uniqueness.
// ---------------------------------------------------------------------------------------------

// An open-addressing set of 64-bit hashes of (platform, handle). Two different handles with the
// same hash only make the second one change needlessly, so uniqueness stays exact.
class HandleSet {
 public:
  HandleSet() : slots_(std::size_t{1} << 12, 0) {}

  // False when the key was already present.
  bool insert(int platform, std::string_view handle) {
    std::uint64_t h = 0xCBF29CE484222325ULL ^ static_cast<std::uint64_t>(platform + 1);
    for (unsigned char c : handle) h = (h ^ c) * 0x100000001B3ULL;
    h = mix64(h) | 1;  // 0 marks an empty slot
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return false;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return true;
      }
    }
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    std::size_t mask = slots_.size() - 1;
    for (std::uint64_t h : old) {
      if (h == 0) continue;
      std::size_t i = h & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = h;
    }
  }

  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

// ---------------------------------------------------------------------------------------------
// One profile.
// ---------------------------------------------------------------------------------------------

struct Draft {
  int platform = 0;
  const Country* country = nullptr;
  int lang = 0;
  bool alt = false;
  const Niche* niche = nullptr;
  const Niche* niche2 = nullptr;
  const NamePart* given = nullptr;
  const NamePart* family = nullptr;
  bool suspicious = false;
  bool spike = false;

  std::string handle, name, bio, contact;
  std::string_view city;
  const std::vector<std::string_view>* languages = nullptr;
  std::vector<std::string_view> categories;
  std::vector<std::string_view> hashtags;
  std::vector<std::string> mentions;

  std::uint64_t followers = 0;
  std::int64_t following = -1, posts = -1;  // -1: not given
  double avg_likes = -1, avg_comments = -1, avg_views = -1, er = -1;
  int history_len = 0;
  std::array<std::uint64_t, 12> history{};
  double posts_per_week = -1;

  bool has_audience = false;
  int country_shares = 0;
  std::array<std::string_view, 6> share_codes;
  std::array<int, 6> share_millis{};
  std::array<int, 6> age_millis{};  // -1: band not given
  bool has_age = false;
  int female_millis = -1, male_millis = -1, authenticity_millis = -1;

  std::vector<std::string_view> sponsored;
  double price = -1;
  int updated_day = 1;
  bool verified = false;
  std::string_view agency;
};

bool is_cjk(int lang) {
  return lang == static_cast<int>(Lang::kJa) || lang == static_cast<int>(Lang::kZh) ||
         lang == static_cast<int>(Lang::kTh);
}

bool has_tag(const std::vector<std::string_view>& tags, std::string_view t) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return std::any_of(tags.begin(), tags.end(), [&](std::string_view x) {
    return x.size() == t.size() && std::equal(x.begin(), x.end(), t.begin(),
                                              [&](char a, char b) { return lower(a) == lower(b); });
  });
}

const ZipfList& niche_words(const Niche& n, int lang) {
  return n.words[lang].empty() ? n.words[0] : n.words[lang];
}

void choose_identity(Draft& d, Rng& rng, const Model& m) {
  double u = rng.uniform() * 100.0;
  d.platform = 0;
  for (double acc = kPlatformWeights[0]; u >= acc && d.platform < 4;) {
    acc += kPlatformWeights[++d.platform];
  }
  const auto& cdf = m.niche_cdf[d.platform];
  double v = rng.uniform() * cdf.back();
  std::size_t ni = std::upper_bound(cdf.begin(), cdf.end(), v) - cdf.begin();
  d.niche = &m.niches[std::min(ni, m.niches.size() - 1)];
  d.niche2 = nullptr;
  if (!d.niche->related.empty() && rng.chance(0.35)) {
    d.niche2 = &m.niches[d.niche->related[rng.below(d.niche->related.size())]];
  }

  d.country = &m.countries[m.country_codes.sample_index(rng)];
  const CountrySpec& cs = *d.country->spec;
  d.alt = cs.alt_share > 0 && rng.chance(cs.alt_share);
  d.lang = static_cast<int>(d.alt ? cs.alt_bio : cs.bio);
  d.languages = d.alt ? &d.country->alt_languages : &d.country->languages;
  const auto& cities = d.alt ? d.country->alt_cities : d.country->cities;
  d.city = rng.chance(0.85) ? cities[rng.below(cities.size())] : std::string_view();
  const Culture& culture = m.cultures[d.alt ? d.country->alt_culture : d.country->culture];
  d.given = &rng.pick(culture.given);
  d.family = &rng.pick(culture.family);
}

// What make_handle chose, so that a brand-like handle ("thrifted.threads") can get a matching
// display name ("Thrifted Threads").
struct HandleChoice {
  bool brand_like = false;
  std::string_view w1, w2;
};

HandleChoice make_handle(Draft& d, Rng& rng, HandleSet& seen) {
  static constexpr std::string_view kSeps[] = {"", "", "", ".", ".", "_"};
  std::string_view sep = kSeps[rng.below(std::size(kSeps))];
  const ZipfList& hw = d.niche->handle_words;
  std::string_view w1 = hw.sample(rng);
  std::string_view w2 = hw.sample(rng);
  if (w2 == w1) w2 = hw.items[(hw.sample_index(rng) + 1) % hw.items.size()];
  const std::string& g = d.given->roman;
  const std::string& f = d.family->roman;
  HandleChoice choice{false, w1, w2};
  std::string& h = d.handle;
  h.clear();
  double u = rng.uniform();
  if (u < 0.24) {
    h.append(g).append(sep).append(f);
  } else if (u < 0.48) {
    h.append(g).append(sep).append(w1);
  } else if (u < 0.62) {
    h.append(w1).append(sep).append(w2);
    choice.brand_like = true;
  } else if (u < 0.69) {
    h.append("the").append(sep).append(w1).append(w2);
    choice.brand_like = true;
  } else if (u < 0.79) {
    h.append(w1).append(rng.chance(0.5) ? "by" : "with").append(g);
  } else if (u < 0.87) {
    h.append(g).append(f.substr(0, 1)).append(sep).append(w1);
  } else if (u < 0.95) {
    static constexpr std::string_view kSuffix[5][3] = {{"official", "daily", "studio"},
                                                       {"tok", "tiktok", "vids"},
                                                       {"vlogs", "tv", "channel"},
                                                       {"writes", "says", "tweets"},
                                                       {"plays", "ttv", "live"}};
    h.append(g).append(sep).append(kSuffix[d.platform][rng.below(3)]);
  } else {
    static constexpr std::string_view kPrefix[] = {"its", "hey", "just", "iam", "simply"};
    h.append(kPrefix[rng.below(std::size(kPrefix))]).append(g);
  }
  if (rng.chance(0.18)) {
    if (sep == "_" || rng.chance(0.2)) h += '_';
    int n = rng.chance(0.5) ? (rng.between(85, 109) % 100) : rng.between(1, 999);
    if (n < 10) h += '0';
    h += std::to_string(n);
  }
  if (h.empty() || h.front() == '.') h.insert(h.begin(), 'x');
  while (h.back() == '.') h.pop_back();
  // Taken on this platform: add digits, as people do.
  while (!seen.insert(d.platform, h)) h += static_cast<char>('0' + rng.below(10));
  return choice;
}

void make_name(Draft& d, Rng& rng, const Model& m, bool brand_like, std::string_view w1,
               std::string_view w2) {
  std::string& n = d.name;
  n.clear();
  const Culture& c = m.cultures[d.alt ? d.country->alt_culture : d.country->culture];
  if (brand_like && rng.chance(0.6)) {
    n.append(title_ascii(w1)).append(" ").append(title_ascii(w2));
    return;
  }
  bool own_script = is_cjk(d.lang) || d.lang == static_cast<int>(Lang::kKo);
  bool native = c.native_script && own_script && rng.chance(0.7);
  if (native) {
    if (rng.chance(0.4)) {
      n.append(d.given->display);
    } else if (c.family_first) {
      n.append(d.family->display);
      if (!c.joined) n += ' ';
      n.append(d.given->display);
    } else {
      n.append(d.given->display).append(" ").append(d.family->display);
    }
    if (rng.chance(0.2)) n.append(" ").append(rng.pick(d.niche->emoji));
    return;
  }
  const std::string& g = d.given->title;
  const std::string& f = c.native_script ? title_ascii(d.family->roman) : d.family->title;
  double u = rng.uniform();
  if (u < 0.45) {
    n.append(g).append(" ").append(f);
  } else if (u < 0.65) {
    n.append(g);
  } else if (u < 0.75 && d.lang == 0) {
    std::string label(d.niche->categories[0]);
    for (std::size_t i = 0; i < label.size(); ++i) {
      if ((i == 0 || label[i - 1] == ' ') && label[i] >= 'a' && label[i] <= 'z') label[i] -= 32;
    }
    n.append(g).append(" | ").append(label);
  } else if (u < 0.85) {
    n.append(g).append(" ").append(f).append(" ").append(rng.pick(d.niche->emoji));
  } else if (u < 0.93) {
    std::size_t i = 0;
    decode_utf8(f, i);
    n.append(g).append(" ").append(f.substr(0, i)).append(".");
  } else {
    n.append(d.given->roman);
  }
}

void make_tags(Draft& d, Rng& rng, const Model& m) {
  d.hashtags.clear();
  int want = rng.between(3, 8);
  const ZipfList& local = d.niche->local_tags[d.lang];
  for (int attempt = 0; attempt < want * 4 && static_cast<int>(d.hashtags.size()) < want;
       ++attempt) {
    double u = rng.uniform();
    std::string_view t;
    if (d.lang != 0 && !local.empty() && u < 0.3) {
      t = local.sample(rng);
    } else if (u < 0.4) {
      t = m.generic_tags.sample(rng);
    } else if (d.niche2 && u < 0.6) {
      t = d.niche2->tags.sample(rng);
    } else {
      t = d.niche->tags.sample(rng);
    }
    if (!has_tag(d.hashtags, t)) d.hashtags.push_back(t);
  }

  d.categories.clear();
  d.categories.push_back(d.niche->categories[0]);
  if (d.niche->categories.size() > 1 && rng.chance(0.5)) {
    d.categories.push_back(d.niche->categories[1 + rng.below(d.niche->categories.size() - 1)]);
  }
  if (d.niche2 && std::find(d.categories.begin(), d.categories.end(), d.niche2->categories[0]) ==
                      d.categories.end()) {
    d.categories.push_back(d.niche2->categories[0]);
  }
}

void make_contact(Draft& d, Rng& rng, const Model& m) {
  d.contact.clear();
  d.agency = {};
  std::string plain;  // the handle without dots and underscores
  for (char c : d.handle) {
    if (c != '.' && c != '_') plain += c;
  }
  std::string local = d.handle;
  while (!local.empty() && (local.back() == '_' || local.back() == '.')) local.pop_back();
  while (!local.empty() && (local.front() == '_' || local.front() == '.')) local.erase(0, 1);
  const auto& mail = d.country->mail;
  std::string_view provider = rng.chance(0.6) ? mail[0] : mail[rng.below(mail.size())];
  double u = rng.uniform();
  if (u < 0.35) {
    d.contact.append(local).append("@").append(provider);
  } else if (u < 0.5) {
    d.contact.append("hello@").append(plain).append(".com");
  } else if (u < 0.65) {
    d.contact.append("collabs.").append(local).append("@gmail.com");
  } else if (u < 0.8) {
    const Agency& a = rng.pick(m.agencies);
    d.contact.append(d.given->roman).append("@").append(a.domain);
    d.agency = a.name;
  } else {
    d.contact.append(d.given->roman)
        .append(".")
        .append(d.family->roman)
        .append("@")
        .append(provider);
  }
}

void make_bio(Draft& d, Rng& rng, const Model& m) {
  static constexpr std::string_view kSeps[] = {" | ", " • ", ". ", " · ", " / ", "\n", ", ", " ✨ "};
  std::string& b = d.bio;
  b.clear();
  bool cjk = is_cjk(d.lang);
  bool latin = !cjk && d.lang != static_cast<int>(Lang::kKo);
  bool lowercase = rng.chance(0.25);
  std::string_view sep = kSeps[rng.below(std::size(kSeps))];
  if (sep == ". " && !latin) sep = " ";
  const ZipfList& general = m.general[d.lang];
  const ZipfList& w1 = niche_words(*d.niche, d.lang);
  const ZipfList& w2 = d.niche2 ? niche_words(*d.niche2, d.lang) : w1;

  if (!d.city.empty() && rng.chance(0.2)) b.append("📍 ").append(d.city).append(sep);
  if (d.lang == 0 && rng.chance(0.08)) {
    static constexpr std::string_view kPronouns[] = {"she/her", "he/him", "they/them"};
    b.append(kPronouns[rng.below(3)]).append(sep);
  }
  int words = rng.between(8, 25);
  bool emoji = rng.chance(0.5);
  // Words already in the bio are drawn again (twice at most): a Zipf head word would otherwise
  // repeat in most bios ("music music"), which no one writes.
  std::array<std::string_view, 25> used;
  int n_used = 0;
  auto draw = [&] {
    double u = rng.uniform();
    return u < 0.4 ? w1.sample(rng) : u < 0.5 ? w2.sample(rng) : general.sample(rng);
  };
  while (words > 0) {
    int k = std::min(words, rng.between(2, 5));
    words -= k;
    for (int i = 0; i < k; ++i) {
      std::string_view w = draw();
      // Same list, same word: comparing where the text lives is enough.
      auto seen = [&](std::string_view x) {
        return std::any_of(used.begin(), used.begin() + n_used,
                           [&](std::string_view y) { return y.data() == x.data(); });
      };
      for (int retry = 0; retry < 2 && seen(w); ++retry) w = draw();
      used[n_used++] = w;
      if (i > 0 && !cjk) b += ' ';
      std::size_t at = b.size();
      b.append(w);
      if (i == 0 && latin && !lowercase && b[at] >= 'a' && b[at] <= 'z') b[at] -= 32;
    }
    if (emoji && rng.chance(0.4)) {
      b.append(" ").append(rng.chance(0.7) ? rng.pick(d.niche->emoji) : rng.pick(m.generic_emoji));
    }
    if (words > 0) b.append(sep);
  }
  if (!d.hashtags.empty() && rng.chance(0.2)) {
    b.append(" #").append(d.hashtags[rng.below(d.hashtags.size())]);
  }
  if (!d.mentions.empty() && rng.chance(0.25)) b.append(" @").append(d.mentions[0]);
  if (!d.contact.empty() && rng.chance(0.1)) b.append(" 📩 ").append(d.contact);
  if (rng.chance(0.06)) b.append(" linktr.ee/").append(d.handle);
}

// Rounds an average for output: one decimal below 100, else at most 6 significant digits.
double round_average(double x) {
  if (x < 100) return std::round(x * 10) / 10;
  auto v = static_cast<std::uint64_t>(std::llround(x));
  std::uint64_t f = 1;
  while (v / f >= 1'000'000) f *= 10;
  return static_cast<double>((v + f / 2) / f * f);
}

void make_numbers(Draft& d, Rng& rng, const Model& m) {
  double f = clamp(8000.0 * std::exp(1.9 * rng.normal()), 100, 50'000'000);
  d.followers = static_cast<std::uint64_t>(std::llround(f));
  int tier = tier_of(d.followers);
  d.suspicious = rng.chance(0.03);
  d.spike = rng.chance(0.02);

  // Engagement per follower on Instagram (published medians by size); other platforms scale it
  // or measure per view.
  static constexpr double kErMedian[5] = {0.055, 0.035, 0.022, 0.016, 0.012};
  // Per-view rates fall with size too, if less steeply.
  static constexpr double kViewTier[5] = {1.2, 1.0, 0.85, 0.75, 0.7};
  double base = f;
  double er = 0;
  bool views = false;
  double comment_share = 0.03;
  switch (d.platform) {
    case kInstagram:
      er = rng.lognormal(kErMedian[tier], 0.45);
      break;
    case kTwitter:
      er = rng.lognormal(kErMedian[tier] * 0.3, 0.5);
      comment_share = 0.12;
      break;
    case kTikTok:
      base = f * clamp(rng.lognormal(0.35, 0.8), 0.02, 5);
      er = rng.lognormal(0.07 * kViewTier[tier], 0.4);
      views = true;
      comment_share = 0.012;
      break;
    case kYouTube:
      base = f * clamp(rng.lognormal(0.12, 0.8), 0.01, 3);
      er = rng.lognormal(0.04 * kViewTier[tier], 0.45);
      views = true;
      comment_share = 0.045;
      break;
    default:  // twitch: average viewers per stream
      base = f * clamp(rng.lognormal(0.02, 0.6), 0.001, 0.5);
      er = rng.lognormal(0.12 * kViewTier[tier], 0.5);
      views = true;
      comment_share = 0.35;
      break;
  }
  if (views && rng.chance(0.1)) {  // no view counts: the rate is per follower
    er *= base / f;
    base = f;
    views = false;
  }
  if (d.suspicious) er *= rng.uniform(4, 10);
  er = clamp(er, 0.001, 0.6);
  double interactions = er * base;
  double c = clamp(rng.lognormal(comment_share, 0.5), 0.001, 0.6);
  d.avg_views = views ? round_average(base) : -1;
  d.avg_comments = round_average(interactions * c);
  d.avg_likes = round_average(interactions - interactions * c);
  double denom = views ? d.avg_views : static_cast<double>(d.followers);
  bool averages = rng.chance(0.92);
  d.er = -1;
  if (!averages || rng.chance(0.5)) {
    double measured = denom > 0 ? (d.avg_likes + d.avg_comments) / denom : er;
    d.er = clamp(std::round(measured * 10000) / 10000, 0.0001, 1.0);
  }
  if (!averages) d.avg_likes = d.avg_comments = d.avg_views = -1;

  static constexpr double kPerWeek[5] = {3.5, 6, 1.2, 15, 4};
  d.posts_per_week = std::max(0.1, std::round(rng.lognormal(kPerWeek[d.platform], 0.5) * 10) / 10);
  double weeks = clamp(rng.lognormal(160, 0.7), 8, 900);
  d.posts =
      std::max<std::int64_t>(1, std::llround(d.posts_per_week * weeks * rng.uniform(0.8, 1.2)));
  if (rng.chance(0.1)) d.posts = -1;
  if (rng.chance(0.12)) d.posts_per_week = -1;

  static constexpr double kFollowing[5] = {700, 250, 0, 800, 120};
  d.following = -1;
  if (d.suspicious && rng.chance(0.6)) {
    d.following = std::llround(f * rng.uniform(0.85, 1.15));
  } else if (d.platform != kYouTube && rng.chance(0.9)) {
    d.following = std::llround(clamp(rng.lognormal(kFollowing[d.platform], 0.9), 0, 7500));
  }

  // Monthly history ending 2026-10-01, walked backwards from today's count.
  d.history_len = 0;
  if (d.spike || rng.chance(0.85)) {
    int n = rng.between(6, 12);
    double u = rng.uniform();
    double trend = -0.02 + 0.10 * u * u;
    int spike_at = d.spike ? n - 2 - static_cast<int>(rng.below(std::min(4, n - 1))) : -1;
    double h = f * (1 - rng.uniform(0, 0.015));
    for (int k = n - 1; k >= 0; --k) {
      d.history[k] = static_cast<std::uint64_t>(std::llround(h));
      double g = std::max(-0.06, trend + 0.012 * rng.normal());
      if (k - 1 == spike_at) g = rng.uniform(0.4, 1.2);
      h /= 1 + g;
    }
    d.history_len = n;
  }

  // Audience.
  d.has_audience = rng.chance(0.8);
  d.country_shares = 0;
  d.has_age = false;
  d.female_millis = d.male_millis = d.authenticity_millis = -1;
  if (d.has_audience) {
    if (rng.chance(0.95)) {
      double left = 0.97;
      double home = d.suspicious                    ? rng.uniform(0.1, 0.3)
                    : d.country->spec->code == "US" ? rng.uniform(0.45, 0.8)
                                                    : rng.uniform(0.3, 0.75);
      d.share_codes[0] = d.country->spec->code;
      d.share_millis[0] = static_cast<int>(home * 1000);
      left -= home;
      d.country_shares = 1;
      int others = rng.between(2, 4);
      for (int i = 0; i < others * 3 && d.country_shares <= others; ++i) {
        std::string_view code = m.country_codes.sample(rng);
        if (std::find(d.share_codes.begin(), d.share_codes.begin() + d.country_shares, code) !=
            d.share_codes.begin() + d.country_shares) {
          continue;
        }
        double share = left * rng.uniform(0.15, 0.45);
        int millis = static_cast<int>(share * 1000);
        if (millis <= 0) break;
        left -= share;
        d.share_codes[d.country_shares] = code;
        d.share_millis[d.country_shares++] = millis;
      }
    }
    if (rng.chance(0.85)) {
      d.has_age = true;
      double center = d.niche->spec->age_center + 0.3 * rng.normal();
      std::array<double, 6> w{};
      double sum = 0;
      for (int band = 0; band < 6; ++band) {
        double x = (band - center) / 1.1;
        w[band] = std::exp(-0.5 * x * x) * rng.uniform(0.7, 1.3);
        sum += w[band];
      }
      for (int band = 0; band < 6; ++band) {
        int millis = static_cast<int>(w[band] / sum * 1000);  // truncation keeps the sum <= 1
        d.age_millis[band] = millis >= 5 ? millis : -1;
      }
    }
    if (rng.chance(0.9)) {
      double female = clamp(d.niche->spec->female + 0.08 * rng.normal(), 0.03, 0.97);
      d.female_millis = static_cast<int>(female * 1000);
      d.male_millis = static_cast<int>((1 - female) * rng.uniform(0.95, 1.0) * 1000);
    }
    if (d.suspicious || d.spike || rng.chance(0.85)) {
      double a = d.suspicious ? rng.uniform(0.35, 0.55)
                 : d.spike    ? rng.uniform(0.45, 0.7)
                              : 0.98 - 0.43 * rng.beta(2, 5);
      d.authenticity_millis = static_cast<int>(std::lround(a * 1000));
    }
  }

  // Price per post: about $12 per thousand followers, more for good engagement and video.
  d.price = -1;
  if (rng.chance(0.7)) {
    static constexpr double kPlatformPrice[5] = {1, 0.9, 1.8, 0.4, 1.2};
    double quality = clamp(std::sqrt(er / kErMedian[tier]), 0.5, 2);
    if (d.suspicious) quality = 1;
    double p = (20 + f * 0.012) * kPlatformPrice[d.platform] * quality * rng.lognormal(1, 0.35);
    double step = p < 200 ? 5 : p < 2000 ? 25 : p < 20000 ? 100 : 500;
    d.price = std::max(15.0, std::round(p / step) * step);
  }

  // Sponsored brands: bigger accounts have more.
  d.sponsored.clear();
  static constexpr int kMaxBrands[5] = {2, 3, 4, 4, 4};
  int brands = tier == 0   ? (rng.chance(0.6) ? 0 : rng.between(1, 2))
               : tier == 1 ? rng.between(0, kMaxBrands[1])
                           : rng.between(1, kMaxBrands[tier]);
  for (int i = 0; i < brands * 3 && static_cast<int>(d.sponsored.size()) < brands; ++i) {
    const Niche& from = d.niche2 && rng.chance(0.2) ? *d.niche2 : *d.niche;
    std::string_view b = from.brands[from.brands.size() > 1 ? rng.below(from.brands.size()) : 0];
    if (std::find(d.sponsored.begin(), d.sponsored.end(), b) == d.sponsored.end()) {
      d.sponsored.push_back(b);
    }
  }

  d.updated_day = rng.between(2, 28);
  d.verified = rng.chance(tier >= 3 ? 0.4 : 0.01);
}

void make_mentions(Draft& d, Rng& rng, const Model& m) {
  d.mentions.clear();
  if (!rng.chance(0.3)) return;
  int n = rng.between(1, 3);
  for (int i = 0; i < n; ++i) {
    if (rng.chance(0.5)) {
      const Niche& from = *d.niche;
      std::string h = from.brand_handles[rng.below(from.brand_handles.size())];
      if (std::find(d.mentions.begin(), d.mentions.end(), h) == d.mentions.end()) {
        d.mentions.push_back(std::move(h));
      }
    } else {
      const Culture& c = m.cultures[d.country->culture];
      std::string h = rng.pick(c.given).roman;
      h.append(rng.chance(0.5) ? "." : "").append(d.niche->handle_words.sample(rng));
      d.mentions.push_back(std::move(h));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// JSON output.
// ---------------------------------------------------------------------------------------------

void put_string(std::string& o, std::string_view s) {
  o += '"';
  // Runs of bytes that need no escape are copied whole: most strings have none to escape.
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    o.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '\n':
        o += "\\n";
        break;
      case '\t':
        o += "\\t";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        o += "\\u00";
        o += kHex[c >> 4];
        o += kHex[c & 0xF];
      }
    }
  }
  o.append(s.data() + run, s.size() - run);
  o += '"';
}

void put_key(std::string& o, std::string_view key) {
  o += ",\"";
  o += key;
  o += "\":";
}

void put_uint(std::string& o, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  o.append(buf, r.ptr);
}

// `scaled` / 10^decimals, trailing zeros dropped: (341, 3) -> "0.341", (1250, 1) -> "125".
void put_fixed(std::string& o, std::int64_t scaled, int decimals) {
  std::int64_t pow10 = 1;
  for (int i = 0; i < decimals; ++i) pow10 *= 10;
  put_uint(o, static_cast<std::uint64_t>(scaled / pow10));
  std::int64_t frac = scaled % pow10;
  if (frac == 0) return;
  char digits[20];
  for (int i = decimals - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  int len = decimals;
  while (len > 0 && digits[len - 1] == '0') --len;
  o += '.';
  o.append(digits, len);
}

void put_average(std::string& o, double v) {
  if (v < 100) {
    put_fixed(o, std::llround(v * 10), 1);
  } else {
    put_uint(o, static_cast<std::uint64_t>(std::llround(v)));
  }
}

void put_list(std::string& o, std::string_view key, const auto& items) {
  if (items.empty()) return;
  put_key(o, key);
  o += '[';
  bool first = true;
  for (const auto& s : items) {
    if (!first) o += ',';
    first = false;
    put_string(o, s);
  }
  o += ']';
}

void put_month(std::string& o, int months_back) {
  // Months before October 2026.
  int index = 2026 * 12 + 9 - months_back;
  int year = index / 12, month = index % 12 + 1;
  char buf[16];
  buf[0] = static_cast<char>('0' + year / 1000);
  buf[1] = static_cast<char>('0' + year / 100 % 10);
  buf[2] = static_cast<char>('0' + year / 10 % 10);
  buf[3] = static_cast<char>('0' + year % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + month / 10);
  buf[6] = static_cast<char>('0' + month % 10);
  std::memcpy(buf + 7, "-01", 3);
  o += '"';
  o.append(buf, 10);
  o += '"';
}

void write_profile(std::string& o, const Draft& d) {
  o += "{\"platform\":";
  put_string(o, kPlatforms[d.platform]);
  put_key(o, "handle");
  put_string(o, d.handle);
  put_key(o, "name");
  put_string(o, d.name);
  put_key(o, "bio");
  put_string(o, d.bio);
  put_list(o, "hashtags", d.hashtags);
  put_list(o, "mentions", d.mentions);
  put_key(o, "country");
  put_string(o, d.country->spec->code);
  if (!d.city.empty()) {
    put_key(o, "city");
    put_string(o, d.city);
  }
  put_list(o, "languages", *d.languages);
  put_list(o, "categories", d.categories);
  put_key(o, "followers");
  put_uint(o, d.followers);
  if (d.following >= 0) {
    put_key(o, "following");
    put_uint(o, static_cast<std::uint64_t>(d.following));
  }
  if (d.posts >= 0) {
    put_key(o, "posts");
    put_uint(o, static_cast<std::uint64_t>(d.posts));
  }
  if (d.avg_likes >= 0) {
    put_key(o, "avg_likes");
    put_average(o, d.avg_likes);
    put_key(o, "avg_comments");
    put_average(o, d.avg_comments);
  }
  if (d.avg_views >= 0) {
    put_key(o, "avg_views");
    put_average(o, d.avg_views);
  }
  if (d.er >= 0) {
    put_key(o, "engagement_rate");
    put_fixed(o, std::llround(d.er * 10000), 4);
  }
  if (d.history_len > 0) {
    put_key(o, "follower_history");
    o += '[';
    for (int k = 0; k < d.history_len; ++k) {
      if (k > 0) o += ',';
      o += '[';
      put_month(o, d.history_len - 1 - k);
      o += ',';
      put_uint(o, d.history[k]);
      o += ']';
    }
    o += ']';
  }
  if (d.posts_per_week >= 0) {
    put_key(o, "posts_per_week");
    put_fixed(o, std::llround(d.posts_per_week * 10), 1);
  }
  if (d.has_audience &&
      (d.country_shares > 0 || d.has_age || d.female_millis >= 0 || d.authenticity_millis >= 0)) {
    put_key(o, "audience");
    o += '{';
    bool first = true;
    auto member = [&](std::string_view key) {
      if (!first) o += ',';
      first = false;
      put_string(o, key);
      o += ':';
    };
    if (d.country_shares > 0) {
      member("countries");
      o += '{';
      for (int i = 0; i < d.country_shares; ++i) {
        if (i > 0) o += ',';
        put_string(o, d.share_codes[i]);
        o += ':';
        put_fixed(o, d.share_millis[i], 3);
      }
      o += '}';
    }
    if (d.has_age) {
      member("age");
      o += '{';
      bool first_band = true;
      for (int band = 0; band < 6; ++band) {
        if (d.age_millis[band] < 0) continue;
        if (!first_band) o += ',';
        first_band = false;
        put_string(o, kAgeBands[band]);
        o += ':';
        put_fixed(o, d.age_millis[band], 3);
      }
      o += '}';
    }
    if (d.female_millis >= 0) {
      member("gender");
      o += "{\"female\":";
      put_fixed(o, d.female_millis, 3);
      o += ",\"male\":";
      put_fixed(o, d.male_millis, 3);
      o += '}';
    }
    if (d.authenticity_millis >= 0) {
      member("authenticity");
      put_fixed(o, d.authenticity_millis, 3);
    }
    o += '}';
  }
  put_list(o, "sponsored", d.sponsored);
  if (d.price >= 0) {
    put_key(o, "price_usd");
    put_uint(o, static_cast<std::uint64_t>(d.price));
  }
  if (!d.contact.empty()) {
    put_key(o, "contact");
    put_string(o, d.contact);
  }
  put_key(o, "updated_at");
  o += "\"2026-10-";
  o += static_cast<char>('0' + d.updated_day / 10);
  o += static_cast<char>('0' + d.updated_day % 10);
  o += '"';
  // Fields the schema does not know: kept by the indexer, so they exercise that path.
  if (d.verified) o += ",\"verified\":true";
  if (!d.agency.empty()) {
    put_key(o, "agency");
    put_string(o, d.agency);
  }
  o += "}\n";
}

void build_profile(Draft& d, Rng& rng, const Model& m, HandleSet& seen) {
  choose_identity(d, rng, m);
  make_numbers(d, rng, m);
  HandleChoice handle = make_handle(d, rng, seen);
  make_name(d, rng, m, handle.brand_like, handle.w1, handle.w2);
  make_tags(d, rng, m);
  make_mentions(d, rng, m);
  bool has_contact = rng.chance(0.75);
  make_contact(d, rng, m);
  if (!has_contact) d.contact.clear();
  // Only some agency-represented creators say so; mid-size and bigger ones more often.
  if (d.agency.empty() || !rng.chance(tier_of(d.followers) >= 2 ? 0.5 : 0.1)) d.agency = {};
  make_bio(d, rng, m);
}

}  // namespace

void generate_profiles(std::ostream& out, const GenerateOptions& options) {
  const Model& m = model();
  HandleSet seen;
  Draft d;
  std::string buf;
  constexpr std::size_t kFlushBytes = 1 << 20;
  buf.reserve(kFlushBytes + 8192);
  for (std::uint64_t i = 0; i < options.count; ++i) {
    Rng rng(options.seed, i);
    build_profile(d, rng, m, seen);
    std::size_t start = buf.size();
    write_profile(buf, d);
    if (d.country->spec->traditional_chinese) to_traditional(buf, start);
    if (buf.size() >= kFlushBytes) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

}  // namespace mikros::tools
